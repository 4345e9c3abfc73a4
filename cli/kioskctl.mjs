#!/usr/bin/env node
// kioskctl launcher: the CLI is TypeScript, run through tsx (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
await import('./kioskctl.ts');
