// Types for Vite's asset imports (`*.css`, `?raw`) in renderer code and its tests.
/// <reference types="vite/client" />
