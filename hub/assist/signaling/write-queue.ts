// Database writes of the assistance service, one at a time in the order they were issued:
// a session row must not race ahead of its request row. The signaling path never waits for
// them, except where the answer depends on the database (disposition, rating, decision).
import type { Logger } from 'pino';

export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly logger: Logger) {}

  /** Runs after every earlier write; failures are logged and do not stop later writes. */
  fire(what: string, write: () => Promise<unknown>): void {
    void this.run(what, write).catch(() => undefined);
  }

  /** As fire(), for callers that need the result; rejects when the write fails. */
  run<T>(what: string, write: () => Promise<T>): Promise<T> {
    const result = this.tail.then(write);
    this.tail = result.catch((error: unknown) => {
      this.logger.error({ write: what, errMessage: error instanceof Error ? error.message : String(error) }, 'assist: database write failed');
    });
    return result;
  }

  /** Resolves once every write issued so far has settled. */
  async flush(): Promise<void> {
    await this.tail;
  }
}
