// The teller's HTTP calls to the hub's branch queue (protocol/branch-queue.ts), same origin as
// the console. Answers are parsed with the protocol's schemas; a refusal becomes its stable
// reason (COUNTER_BUSY…) for the view to translate, never the hub's message.
import {
  BRANCH_QUEUE_PATHS,
  branchQueueErrorSchema,
  counterActionResponseSchema,
  counterSchema,
  snapshotSchema,
  ticketResponseSchema,
  type BranchQueueRefusal,
  type Counter,
  type CounterAction,
  type CounterActionResponse,
  type ServiceClass,
  type TicketResponse,
  type Snapshot,
} from '../../../protocol/branch-queue.js';
import type { Fetch } from '../api/staff-client.js';

export type CounterErrorCode = BranchQueueRefusal | 'session-expired' | 'not-found' | 'network' | 'unexpected';

export class CounterApiError extends Error {
  constructor(readonly code: CounterErrorCode, message: string) {
    super(message);
  }
}

const fill = (template: string, values: Record<string, string>) => template.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(values[key] ?? ''));

export class CounterClient {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  private async request(path: string, init: RequestInit = {}): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetchImpl(path, { ...init, credentials: 'omit', cache: 'no-store', headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), authorization: `Bearer ${this.token}` } });
    } catch (error) {
      throw new CounterApiError('network', error instanceof Error ? error.message : String(error));
    }
    if (res.ok) return res.json();
    if (res.status === 401) throw new CounterApiError('session-expired', 'session ended');
    const body = branchQueueErrorSchema.safeParse(await res.json().catch(() => null));
    if (body.success && body.data.reason) throw new CounterApiError(body.data.reason, body.data.message);
    throw new CounterApiError(res.status === 404 ? 'not-found' : 'unexpected', `hub answered ${res.status}`);
  }

  async counters(branchId: string): Promise<Counter[]> {
    const body = await this.request(fill(BRANCH_QUEUE_PATHS.counters, { branchId }));
    return counterSchema.array().parse((body as { counters?: unknown }).counters);
  }

  async act(counterId: string, action: CounterAction, transferTo?: string): Promise<CounterActionResponse> {
    const body = await this.request(fill(BRANCH_QUEUE_PATHS.counterAction, { counterId, action }), {
      method: 'POST',
      ...(transferTo ? { body: JSON.stringify({ serviceId: transferTo }) } : {}),
    });
    return counterActionResponseSchema.parse(body);
  }

  /** A greeter's staff flag on a waiting ticket, by the number on it. */
  async flag(branchId: string, number: string, serviceClass: ServiceClass): Promise<TicketResponse> {
    const body = await this.request(fill(BRANCH_QUEUE_PATHS.waitingClass, { branchId, number }), { method: 'POST', body: JSON.stringify({ serviceClass }) });
    return ticketResponseSchema.parse(body);
  }

  /** With `after`, answers once the queue changed after that version (or after the hub's wait). */
  async snapshot(branchId: string, after?: number, signal?: AbortSignal): Promise<Snapshot> {
    const query = after === undefined ? '' : `?after=${after}`;
    const body = await this.request(`${fill(BRANCH_QUEUE_PATHS.snapshot, { branchId })}${query}`, signal ? { signal } : {});
    return snapshotSchema.parse(body);
  }
}
