// Import rules carry the runtime boundaries of DESIGN.md §2: only the two Electron entry
// files import 'electron', the page never imports Node built-ins, drivers stay free of UI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const noNode = { paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not available here; name the file *.node.ts or move it to the host.' })) };

// A layer boundary as no-restricted-syntax, so it adds to the per-folder no-restricted-imports
// lists above instead of replacing them (flat config replaces a rule's options wholesale).
const importsMatching = (pattern, message) =>
  ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression'].map((node) => ({
    selector: `${node}[source.value=/${pattern.replaceAll('/', '\\/')}/]`,
    message,
  }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'bench/results/**', 'test/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Only electron/main.ts and electron/preload.ts import 'electron'." }] }],
      'no-restricted-properties': ['error', { object: 'describe', property: 'only' }, { object: 'it', property: 'only' }, { object: 'test', property: 'only' }],
    },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'electron/bridge/**/*.ts'],
    ignores: ['**/*.node.ts', '**/*.test.ts', '**/*.test.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: [...noNode.paths, { name: 'electron', message: 'The page reaches the host only through the bridge.' }] }],
    },
  },
  {
    files: ['drivers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Drivers are plain Node.' }, { name: 'react', message: 'Drivers are plain Node.' }, { name: 'react-dom', message: 'Drivers are plain Node.' }] }],
    },
  },
  {
    files: ['drivers/**/codec/**/*.ts', 'drivers/**/*.codec.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', noNode] },
  },
  {
    // Wire contracts both ends share: nothing but zod and each other (DESIGN §2).
    files: ['protocol/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\./)', message: 'protocol/ imports nothing but zod and its own files.' }] }] },
  },
  {
    // The kiosk (host, page, drivers, kioskctl) reaches the hub only through protocol/ (DESIGN §2).
    files: ['electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'drivers/**/*.ts', 'cli/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-syntax': ['error', ...importsMatching('(^|/)hub/', 'Kiosk code does not import hub/: put the shared schema in protocol/.')] },
  },
  {
    // The hub imports nothing from the kiosk side (DESIGN §2).
    files: ['hub/**/*.ts'],
    ignores: ['**/*.test.ts', 'hub/testing/**'],
    rules: { 'no-restricted-syntax': ['error', ...importsMatching('(^|/)electron/', 'The hub does not import electron/: put the shared schema in protocol/.')] },
  },
);
