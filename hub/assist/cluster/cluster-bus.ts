// How hub instances tell each other what changed. The truth lives in PostgreSQL; the bus only
// carries "look again" and messages for a socket another instance holds. Two
// implementations: NATS (nats-bus.node.ts, several processes) and an in-process network
// (below) that several instances in one process share — the single-process hub needs none.
export interface BusSubscription {
  unsubscribe(): void;
}

/** `reply` is set when the sender asked with probe(); calling it tells the sender someone is there. */
export type BusHandler = (message: unknown, subject: string, reply?: () => void) => void;

export interface ClusterBus {
  /** This instance's name on the bus; unique among the instances sharing it. */
  readonly instanceId: string;
  /** Fire and forget: delivered at most once to every current subscriber. */
  publish(subject: string, message: unknown): void;
  /**
   * Stored by the bus before it resolves (NATS: a JetStream stream), for what must not be
   * lost if no instance listens at that moment; current subscribers get it like `publish`.
   */
  publishDurable(subject: string, message: unknown): Promise<void>;
  /**
   * Whether any instance listens on `subject` and answers: false at once when nobody is
   * subscribed (NATS "no responders": a killed instance's subscriptions go with its
   * connection), true when an answer comes within `timeoutMs`, and true (not known to be
   * gone) when it does not.
   */
  probe(subject: string, message: unknown, timeoutMs?: number): Promise<boolean>;
  /** NATS subject syntax: tokens split by `.`, `*` matches one token, `>` the rest. */
  subscribe(subject: string, handler: BusHandler): BusSubscription;
  /** Resolves once the bus has every publish and subscription made so far. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A subject token for an id that may hold `.`, `*`, `>` or spaces. */
export function subjectToken(id: string): string {
  return /^[A-Za-z0-9_-]+$/.test(id) ? id : `~${Buffer.from(id, 'utf8').toString('base64url')}`;
}

export function subjectMatches(pattern: string, subject: string): boolean {
  const want = pattern.split('.');
  const got = subject.split('.');
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '>') return got.length > i;
    if (i >= got.length || (want[i] !== '*' && want[i] !== got[i])) return false;
  }
  return want.length === got.length;
}

/**
 * Instances in one process (tests, a bench) sharing a bus without a server. Messages are
 * copied through JSON and delivered on a later tick, as over a network.
 */
export class InProcessNetwork {
  private readonly subscribers = new Set<{ pattern: string; handler: BusHandler; open: boolean }>();
  readonly durable: { subject: string; message: unknown }[] = [];

  bus(instanceId: string): ClusterBus {
    const mine = new Set<{ pattern: string; handler: BusHandler; open: boolean }>();
    const deliver = (subject: string, message: unknown) => {
      const text = JSON.stringify(message);
      for (const sub of [...this.subscribers]) {
        if (!subjectMatches(sub.pattern, subject)) continue;
        setImmediate(() => {
          if (sub.open) sub.handler(JSON.parse(text) as unknown, subject);
        });
      }
    };
    return {
      instanceId,
      publish: deliver,
      probe: (subject, message) => {
        const listening = [...this.subscribers].filter((sub) => sub.open && subjectMatches(sub.pattern, subject));
        if (listening.length === 0) return Promise.resolve(false);
        return new Promise((resolve) => {
          const text = JSON.stringify(message);
          for (const sub of listening) setImmediate(() => sub.open && sub.handler(JSON.parse(text) as unknown, subject, () => resolve(true)));
          setTimeout(() => resolve(true), 1000);
        });
      },
      publishDurable: (subject, message) => {
        this.durable.push({ subject, message });
        deliver(subject, message);
        return Promise.resolve();
      },
      subscribe: (pattern, handler) => {
        const sub = { pattern, handler, open: true };
        this.subscribers.add(sub);
        mine.add(sub);
        return {
          unsubscribe: () => {
            sub.open = false;
            this.subscribers.delete(sub);
            mine.delete(sub);
          },
        };
      },
      flush: () => new Promise((resolve) => setImmediate(resolve)),
      close: () => {
        for (const sub of mine) {
          sub.open = false;
          this.subscribers.delete(sub);
        }
        mine.clear();
        return Promise.resolve();
      },
    };
  }
}
