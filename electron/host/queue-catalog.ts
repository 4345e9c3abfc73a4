// The branch's queue services: the `catalog`/`queue.services` item pulled from the hub,
// or, while there is none (a kiosk that has never been online) or it is unusable, a
// built-in default, so the kiosk can always issue tickets.
import { QUEUE_SERVICES_KEY, queueCatalogSchema } from '../../protocol/hub-api.js';
import type { QueueService } from '../bridge/contract.js';
import type { HostLogger } from './log.node.js';
import type { PulledState } from './sync-pull.node.js';

export const defaultQueueServices: readonly QueueService[] = [
  { id: 'deposits', prefix: 'A', name: { 'zh-CN': '个人存取款', en: 'Deposits & withdrawals' }, vip: false },
  { id: 'loans', prefix: 'B', name: { 'zh-CN': '贷款业务', en: 'Loans' }, vip: false },
  { id: 'forex', prefix: 'C', name: { 'zh-CN': '外汇业务', en: 'Foreign exchange' }, vip: false },
  { id: 'vip', prefix: 'V', name: { 'zh-CN': '贵宾服务', en: 'VIP service' }, vip: true },
];

/** Where the current list came from; logged when it changes, so each page load stays quiet. */
type Source = { from: 'hub'; version: number } | { from: 'default'; because: 'absent' | 'deleted' | 'invalid' | 'unreadable'; version?: number };

export class QueueCatalog {
  private current: readonly QueueService[] = defaultQueueServices;
  private source: string | null = null;

  constructor(
    private readonly pulled: Pick<PulledState, 'item'>,
    private readonly log: HostLogger,
  ) {}

  /** The services to offer now: the pulled catalog when it is valid, else the default. */
  async services(): Promise<readonly QueueService[]> {
    const { services, source } = await this.read();
    this.current = services;
    this.report(source);
    return services;
  }

  /**
   * The list `services()` last returned, for synchronous callers: a ticket is issued for a
   * service the page was shown, so it is looked up in the same list.
   */
  snapshot(): readonly QueueService[] {
    return this.current;
  }

  private async read(): Promise<{ services: readonly QueueService[]; source: Source }> {
    let item: Awaited<ReturnType<PulledState['item']>>;
    try {
      item = await this.pulled.item('catalog', QUEUE_SERVICES_KEY);
    } catch (err) {
      this.log.error({ err }, 'queue catalog: pulled catalog unreadable');
      return { services: defaultQueueServices, source: { from: 'default', because: 'unreadable' } };
    }
    if (!item) return { services: defaultQueueServices, source: { from: 'default', because: 'absent' } };
    if (item.value === null) return { services: defaultQueueServices, source: { from: 'default', because: 'deleted', version: item.version } };
    const parsed = queueCatalogSchema.safeParse(item.value);
    // The hub validates what it publishes; a kiosk older or newer than its hub may still
    // disagree on the shape, and must then keep working on what it knows.
    if (!parsed.success) return { services: defaultQueueServices, source: { from: 'default', because: 'invalid', version: item.version } };
    return { services: parsed.data, source: { from: 'hub', version: item.version } };
  }

  private report(source: Source): void {
    const key = JSON.stringify(source);
    if (key === this.source) return;
    this.source = key;
    if (source.from === 'hub') this.log.info({ version: source.version }, 'queue catalog: using the catalog pulled from the hub');
    else if (source.because === 'invalid') this.log.warn({ version: source.version }, 'queue catalog: pulled catalog is invalid; using the built-in default');
    else this.log.info({ because: source.because }, 'queue catalog: using the built-in default');
  }
}
