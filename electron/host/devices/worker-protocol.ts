// Messages between the host and the device worker (the child process that runs drivers, so
// a crashing or hanging driver cannot take the kiosk down). Both sides check every message.
import { z } from 'zod';
import { deviceConfigSchema } from './device-config.js';

const healthSchema = z.object({ state: z.enum(['offline', 'ready', 'busy', 'attention', 'error']), reason: z.string().optional(), since: z.string() });
export type WorkerHealth = z.infer<typeof healthSchema>;

export const toWorkerSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('start'), devices: z.array(deviceConfigSchema) }),
  z.object({ t: z.literal('call'), id: z.number().int(), role: z.string(), method: z.string(), args: z.unknown() }),
  z.object({ t: z.literal('ping'), id: z.number().int() }),
  z.object({ t: z.literal('stop') }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

/** `osCode`/`errno`/`syscall`: the OS error behind a transport failure (e.g. EACCES, open). */
export const workerErrorSchema = z.object({ code: z.string(), message: z.string(), osCode: z.string().optional(), errno: z.number().int().optional(), syscall: z.string().optional() });
export type WorkerError = z.infer<typeof workerErrorSchema>;

// A plain union: two 'result' shapes share their discriminator value.
export const fromWorkerSchema = z.union([
  z.object({ t: z.literal('started'), roles: z.array(z.string()), failed: z.array(z.object({ role: z.string(), error: workerErrorSchema })) }),
  z.object({ t: z.literal('health'), role: z.string(), health: healthSchema }),
  z.object({ t: z.literal('event'), role: z.string(), name: z.string(), payload: z.unknown() }),
  z.object({ t: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ t: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: workerErrorSchema }),
  z.object({ t: z.literal('pong'), id: z.number().int() }),
  z.object({ t: z.literal('log'), level: z.enum(['debug', 'info', 'warn', 'error']), obj: z.record(z.string(), z.unknown()), msg: z.string() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
