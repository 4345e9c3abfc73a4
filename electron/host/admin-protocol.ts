// The technician's channel into a running host (kioskctl): newline-delimited JSON over a
// unix socket that only the kiosk user can open.
import { z } from 'zod';

export const adminRequestSchema = z.discriminatedUnion('cmd', [
  z.object({ id: z.number().int(), cmd: z.literal('devices') }).strict(),
  z.object({ id: z.number().int(), cmd: z.literal('monitor') }).strict(),
  z.object({ id: z.number().int(), cmd: z.literal('print-test'), role: z.string().max(40).optional() }).strict(),
]);
export type AdminRequest = z.infer<typeof adminRequestSchema>;

export type AdminResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { code: string; message: string } };
export type AdminEvent = { event: string; at: string; payload: unknown };

export const ADMIN_SOCKET_NAME = 'kioskctl.sock';
