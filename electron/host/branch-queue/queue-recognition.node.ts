// Priority recognised on the service list (issue 13), while the page listens: a bank card
// inserted or swiped is released at once and sent, sealed by the device worker to the hub's key,
// to ask only the holder's segment (a VIP's ticket is served as VIP); an ID card on the reader
// gives priority service from 65, from the age the reader's worker derived. Nothing of either
// is kept or logged: not the card (the worker holds it; the host has its sealed blob for one
// request), not the ID number, name, photo or birth date — only the two flags, for this visit.
import { z } from 'zod';
import { sealedCardSchema } from '../../../protocol/card-security.js';
import { CUSTOMER_SEGMENT_PATH, customerSegmentResponseSchema } from '../../../protocol/customer-segment.js';
import type { Recognition } from '../../bridge/queue-recognition-contract.js';
import type { Send } from '../hub-send.node.js';
import type { HostLogger } from '../log.node.js';

export const PRIORITY_AGE = 65;

const cardEventSchema = z.object({ cardRef: z.string().min(1).max(64), sealed: sealedCardSchema.optional() });
const documentEventSchema = z.object({ age: z.number().int().nonnegative().nullable().optional() });

type DeviceEvent = { role: string; name: string; payload: unknown };

export interface QueueRecognitionDeps {
  kioskId: string;
  send: Send;
  onDeviceEvent: (cb: (e: DeviceEvent) => void) => () => void;
  releaseCard: (cardRef: string) => Promise<unknown>;
  /** Roles configured as id-reader. */
  idReaderRoles: () => readonly string[];
  emit: (recognition: Recognition) => void;
  log: HostLogger;
}

export class QueueRecognition {
  private listening = false;
  private vip = false;
  private priority = false;
  private readonly stop: () => void;

  constructor(private readonly deps: QueueRecognitionDeps) {
    this.stop = deps.onDeviceEvent((e) => void this.onEvent(e));
  }

  /** The page shows (true) or leaves (false) the service list. */
  listen(on: boolean): { vip: boolean; priority: boolean } {
    this.listening = on;
    return this.flags();
  }

  flags(): { vip: boolean; priority: boolean } {
    return { vip: this.vip, priority: this.priority };
  }

  /** The visit ended: the next customer starts unrecognised. */
  reset(): void {
    this.listening = false;
    this.vip = false;
    this.priority = false;
  }

  close(): void {
    this.stop();
  }

  private async onEvent(e: DeviceEvent): Promise<void> {
    if (e.name === 'card') return this.onCard(e.payload);
    if (!this.listening || !this.deps.idReaderRoles().includes(e.role)) return;
    if (e.name === 'read-error') return this.report({ by: 'id', outcome: 'unreadable' });
    if (e.name !== 'document') return;
    const age = documentEventSchema.safeParse(e.payload);
    const years = age.success ? age.data.age : null;
    if (years === null || years === undefined) return this.report({ by: 'id', outcome: 'unreadable' });
    if (years >= PRIORITY_AGE) this.priority = true;
    this.report({ by: 'id', outcome: years >= PRIORITY_AGE ? 'priority' : 'under-age' });
  }

  private async onCard(payload: unknown): Promise<void> {
    if (!this.listening) return;
    const card = cardEventSchema.safeParse(payload);
    if (!card.success) return;
    // Returned at once: the answer needs only the sealed blob, never the card in the reader.
    await this.deps.releaseCard(card.data.cardRef).catch(() => undefined);
    if (!card.data.sealed) return this.report({ by: 'card', outcome: 'unreadable' });
    let outcome: Extract<Recognition, { by: 'card' }>['outcome'];
    try {
      const reply = await this.deps.send('POST', CUSTOMER_SEGMENT_PATH, { kioskId: this.deps.kioskId, card: card.data.sealed });
      const body = reply.status === 200 ? customerSegmentResponseSchema.safeParse(await reply.json()) : null;
      outcome = body?.success ? body.data.segment : 'offline';
    } catch {
      outcome = 'offline';
    }
    // A page that left the list meanwhile (Home, a timeout) gets nothing: the visit may be over.
    if (!this.listening) return;
    if (outcome === 'vip') this.vip = true;
    this.report({ by: 'card', outcome });
  }

  private report(recognition: Recognition): void {
    this.deps.log.info({ by: recognition.by, outcome: recognition.outcome }, 'queue: priority recognition');
    this.deps.emit(recognition);
  }
}
