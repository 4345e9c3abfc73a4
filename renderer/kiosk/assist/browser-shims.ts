// simple-peer 9 and its readable-stream were written for browserify and expect Node's
// `process` and `Buffer` as globals (`global` itself is replaced by `globalThis` at build
// time, vite.config.ts). Imported by peer.ts before simple-peer, so the kiosk page gets the
// globals only when it loads the call code. Of `process` they use nextTick (and debug reads
// env.DEBUG): a microtask is what Node's nextTick amounts to.
import { Buffer } from 'buffer/index.js';

type NextTick = (callback: (...args: unknown[]) => void, ...args: unknown[]) => void;
const nextTick: NextTick = (callback, ...args) => queueMicrotask(() => callback(...args));

const scope = globalThis as unknown as { process?: unknown; Buffer?: unknown };
scope.process ??= { nextTick, env: {}, browser: true, version: '', versions: {} };
scope.Buffer ??= Buffer;
