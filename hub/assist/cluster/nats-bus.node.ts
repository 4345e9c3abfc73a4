// The cluster bus over NATS. Core subjects for live events (at most once: a missed "queue
// changed" is healed by the periodic re-read from PostgreSQL); JetStream for what must be
// stored (SLA breaches): the stream is created if missing, and a durable publish resolves
// only once the server has the message.
import type { Logger } from 'pino';
import { connect, ErrorCode, JSONCodec, RetentionPolicy, type NatsConnection } from 'nats';
import type { BusHandler, BusSubscription, ClusterBus } from './cluster-bus.js';

export interface NatsBusOptions {
  /** e.g. nats://127.0.0.1:4222; several comma-separated for a NATS cluster. */
  url: string;
  instanceId: string;
  logger: Logger;
  /**
   * Put before every subject (e.g. `staging.`), so hub clusters that share one NATS, or
   * test runs, do not hear each other. Default none.
   */
  subjectPrefix?: string;
}

/** The JetStream stream of durable assistance events; a prefix gets a stream of its own. */
export function assistStream(prefix = ''): { name: string; subjects: string[]; maxAgeSec: number } {
  const suffix = prefix === '' ? '' : `_${prefix.replace(/[^A-Za-z0-9_-]/g, '_').replace(/_+$/, '')}`;
  return { name: `ASSIST_EVENTS${suffix}`, subjects: [`${prefix}assist.durable.>`], maxAgeSec: 7 * 24 * 3600 };
}

export async function connectNatsBus(options: NatsBusOptions): Promise<ClusterBus> {
  const log = options.logger.child({ component: 'cluster-bus', instanceId: options.instanceId });
  const nc: NatsConnection = await connect({
    servers: options.url.split(',').map((s) => s.trim()),
    name: `bk-hub-${options.instanceId}`,
    // Reconnect for ever: a NATS restart must not take the hub instance down.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
  void (async () => {
    for await (const status of nc.status()) log.info({ type: status.type, data: String(status.data) }, 'cluster bus: NATS status');
  })().catch(() => undefined);
  const codec = JSONCodec<unknown>();
  const prefix = options.subjectPrefix ?? '';
  const stream = assistStream(prefix);
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(stream.name);
  } catch {
    try {
      await jsm.streams.add({ name: stream.name, subjects: stream.subjects, retention: RetentionPolicy.Limits, max_age: stream.maxAgeSec * 1e9 });
    } catch (error) {
      // Another instance starting at the same moment may have created it.
      await jsm.streams.info(stream.name).catch(() => {
        throw error;
      });
    }
  }
  const js = nc.jetstream();
  log.info({ url: options.url.replace(/\/\/[^@]*@/, '//'), stream: stream.name }, 'cluster bus: connected to NATS');

  return {
    instanceId: options.instanceId,
    publish: (subject, message) => {
      if (nc.isClosed()) return;
      nc.publish(prefix + subject, codec.encode(message));
    },
    publishDurable: async (subject, message) => {
      await js.publish(prefix + subject, codec.encode(message));
    },
    probe: async (subject, message, timeoutMs = 1000) => {
      try {
        await nc.request(prefix + subject, codec.encode(message), { timeout: timeoutMs });
        return true;
      } catch (error) {
        return (error as { code?: string }).code !== ErrorCode.NoResponders;
      }
    },
    subscribe: (subject: string, handler: BusHandler): BusSubscription => {
      const sub = nc.subscribe(prefix + subject, {
        callback: (error, msg) => {
          if (error) {
            log.warn({ subject, errMessage: error.message }, 'cluster bus: subscription error');
            return;
          }
          let decoded: unknown;
          try {
            decoded = codec.decode(msg.data);
          } catch {
            log.warn({ subject: msg.subject }, 'cluster bus: dropped a message that is not JSON');
            return;
          }
          try {
            handler(decoded, msg.subject.slice(prefix.length), msg.reply ? () => void msg.respond(codec.encode({ ok: true })) : undefined);
          } catch (handlerError) {
            log.error({ subject: msg.subject, errMessage: handlerError instanceof Error ? handlerError.message : String(handlerError) }, 'cluster bus: handler failed');
          }
        },
      });
      return { unsubscribe: () => sub.unsubscribe() };
    },
    flush: () => nc.flush(),
    close: async () => {
      if (!nc.isClosed()) await nc.drain();
    },
  };
}
