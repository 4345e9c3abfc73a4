// An ID scan the expert asked for: wait for the next document (or read error) from the
// kiosk's ID reader. Only masked documents ever leave the device worker, so nothing here
// holds a full ID number. Without a configured reader the answer is `no-reader` at once.
import { z } from 'zod';
import type { IdScanOutcome } from '../../bridge/assist-contract.js';
import type { HostLogger } from '../log.node.js';

/** The masked document the device worker emits for an id-reader role (drivers/id). */
const maskedDocumentSchema = z.object({
  kind: z.string(),
  documentNumber: z.string(),
  surname: z.string(),
  givenNames: z.string(),
  expiryDate: z.string().nullable(),
});

export interface IdReaderSource {
  /** Roles configured as id-reader whose health is not offline. */
  readyIdReaders(): string[];
  onDeviceEvent(cb: (e: { role: string; name: string; payload: unknown }) => void): () => void;
}

type Final = IdScanOutcome & { status: Exclude<IdScanOutcome['status'], 'pending'> };

export class IdScanService {
  /** scanId → stops waiting (listener and timer) without reporting. */
  private readonly pending = new Map<string, () => void>();

  constructor(
    private readonly source: IdReaderSource,
    private readonly log: HostLogger,
    private readonly timeoutMs = 60_000,
  ) {}

  /** `null` when a reader exists and the scan started; `onDone` then gets the outcome. */
  start(scanId: string, onDone: (outcome: Final) => void): Final | null {
    const roles = this.source.readyIdReaders();
    if (roles.length === 0) return { scanId, status: 'no-reader' };
    this.cancel(scanId);
    const stop = () => {
      this.pending.delete(scanId);
      clearTimeout(timer);
      off();
    };
    const finish = (outcome: Final) => {
      if (this.pending.get(scanId) !== stop) return;
      stop();
      this.log.info({ scanId, status: outcome.status }, 'assist: ID scan finished');
      onDone(outcome);
    };
    const off = this.source.onDeviceEvent(({ role, name, payload }) => {
      if (!roles.includes(role)) return;
      if (name === 'read-error') return finish({ scanId, status: 'unreadable' });
      if (name !== 'document') return;
      const doc = maskedDocumentSchema.safeParse(payload);
      if (!doc.success) return finish({ scanId, status: 'unreadable' });
      const { surname, givenNames, documentNumber, expiryDate } = doc.data;
      finish({
        scanId,
        status: 'ok',
        masked: { name: `${surname} ${givenNames}`.trim().slice(0, 60), idNumber: documentNumber.slice(0, 40), expiry: (expiryDate ?? '').slice(0, 10) },
      });
    });
    // A customer who never presents a document must not leave the expert waiting forever.
    const timer = setTimeout(() => finish({ scanId, status: 'unreadable' }), this.timeoutMs);
    this.pending.set(scanId, stop);
    this.log.info({ scanId, roles }, 'assist: waiting for an ID document');
    return null;
  }

  /** The customer declined on screen (the page tells the expert): stop waiting, report nothing. */
  cancel(scanId: string): boolean {
    const stop = this.pending.get(scanId);
    stop?.();
    return stop !== undefined;
  }

  close(): void {
    for (const scanId of [...this.pending.keys()]) this.cancel(scanId);
  }
}
