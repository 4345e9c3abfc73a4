// Host side of the bridge, shared by the IPC and WebSocket transports: every request is
// checked against the contract before a handler sees it, and every answer after.
import {
  BridgeError,
  isRequestName,
  requests,
  type Envelope,
  type RequestName,
  type RequestOutput,
} from './contract.js';
import type { z } from 'zod';

export type Handler<N extends RequestName> = (
  input: z.infer<(typeof requests)[N]['input']>,
) => Promise<RequestOutput<N>> | RequestOutput<N>;
export type HandlerMap = { [N in RequestName]: Handler<N> };

export interface DispatchLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type Dispatch = (method: unknown, params: unknown) => Promise<Envelope>;

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

export function createDispatcher(handlers: HandlerMap, log: DispatchLogger): Dispatch {
  return async (method, params) => {
    if (!isRequestName(method)) {
      log.warn({ method: String(method).slice(0, 64) }, 'bridge: unknown method refused');
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method ${String(method).slice(0, 64)}` } };
    }
    const spec = requests[method];
    const input = spec.input.safeParse(params ?? {});
    if (!input.success) {
      log.warn({ method }, 'bridge: bad request refused');
      return { ok: false, error: { code: 'BAD_REQUEST', message: `${method}: ${issuesText(input.error)}` } };
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      const raw = await handler(input.data);
      const output = spec.output.safeParse(raw);
      if (!output.success) {
        log.error({ method, issues: issuesText(output.error) }, 'bridge: handler answered outside the contract');
        return { ok: false, error: { code: 'BAD_RESPONSE', message: `${method}: host answered outside the contract` } };
      }
      return { ok: true, result: output.data };
    } catch (err) {
      if (err instanceof BridgeError) return { ok: false, error: { code: err.code, message: err.message } };
      log.error({ method, err }, 'bridge: handler failed');
      return { ok: false, error: { code: 'INTERNAL', message: `${method} failed` } };
    }
  };
}
