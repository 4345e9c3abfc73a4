// simple-peer 9 and its readable-stream expect Node's `process` and `Buffer` as globals.
// This module is imported first by main.tsx, before anything that loads simple-peer.
// (`global` itself is replaced by `globalThis` at build time: vite.console.config.ts.)
// Of `process` they use only nextTick (and debug reads env.DEBUG): a microtask is what
// Node's nextTick amounts to, and quicker than the npm polyfill's setTimeout queue.
import { Buffer } from 'buffer/';

type NextTick = (callback: (...args: unknown[]) => void, ...args: unknown[]) => void;
const nextTick: NextTick = (callback, ...args) => queueMicrotask(() => callback(...args));

const scope = globalThis as unknown as { process?: unknown; Buffer?: unknown };
scope.process ??= { nextTick, env: {}, browser: true, version: '', versions: {} };
scope.Buffer ??= Buffer;
