// The account-opening journey's document port on the device manager: the next document placed on
// any ID reader (China ID card reader, passport MRZ reader), its full fields taken from the device
// worker by the reference its masked event carried, and a China ID card's chip photo decoded by
// the IdPhotoDecoder. Read errors become the contract's problems; nothing here logs a field.
import { z } from 'zod';
import type { DocumentProblem } from '../../../protocol/account-opening.js';
import type { DeviceManager } from '../device-manager.node.js';
import { documentReadOf } from './account-opening-fields.js';
import type { DocumentPort, DocumentReading } from './account-opening-ports.js';
import type { IdPhotoDecoder } from './id-photo-decoder.js';
import type { IdentityPhotoPort } from './card-replacement-ports.js';

const documentEventSchema = z.object({ kind: z.string(), docRef: z.uuid() });
const readErrorSchema = z.object({ code: z.string() });

/** A codec's code → what the customer is told: a check digit that does not match, a card that is not a resident ID card, or "read again". */
export function problemOf(code: string): DocumentProblem {
  if (code === 'UNSUPPORTED_CARD') return 'not-supported';
  return /CHECK/.test(code) ? 'check-digits' : 'unreadable';
}

type Devices = Pick<DeviceManager, 'summary' | 'onDeviceEvent' | 'takeDocument'>;

/** The chip photo of an ID card already read (card replacement's ID sign-in), taken once from the worker and decoded. */
export function identityPhotoPort(devices: Pick<DeviceManager, 'takeDocument'>, decoder: IdPhotoDecoder): IdentityPhotoPort {
  return {
    async photo({ role, docRef }) {
      const held = await devices.takeDocument(role, docRef).catch(() => null);
      if (!held?.photo) return null;
      return decoder.decode(Buffer.from(held.photo, 'base64'), 'cn-id').catch(() => null);
    },
  };
}

export function deviceDocumentPort(devices: Devices, decoder: IdPhotoDecoder): DocumentPort {
  const readers = () => devices.summary().filter((d) => d.kind === 'id-reader' && (d.driver === 'cn-id' || d.driver === 'mrz'));
  const live = () => readers().filter((d) => d.health.state !== 'offline' && d.health.state !== 'error');
  return {
    hasPassportReader: () => live().some((d) => d.driver === 'mrz'),
    hasReader: () => live().length > 0,
    next(signal) {
      return new Promise<DocumentReading>((resolve, reject) => {
        const aborted = () => Object.assign(new Error('left'), { code: 'ABORTED' });
        if (signal.aborted) return reject(aborted());
        const roles = new Set(readers().map((d) => d.role));
        const done = () => {
          off();
          signal.removeEventListener('abort', onAbort);
        };
        const onAbort = () => (done(), reject(aborted()));
        const finish = (reading: Promise<DocumentReading>) => {
          done();
          reading.then(resolve, reject);
        };
        const off = devices.onDeviceEvent((e) => {
          if (!roles.has(e.role)) return;
          if (e.name === 'read-error') {
            const err = readErrorSchema.safeParse(e.payload);
            return finish(Promise.resolve({ outcome: 'problem', problem: err.success ? problemOf(err.data.code) : 'unreadable' }));
          }
          if (e.name !== 'document') return;
          const doc = documentEventSchema.safeParse(e.payload);
          if (!doc.success) return finish(Promise.resolve({ outcome: 'problem', problem: 'not-supported' }));
          finish(take(e.role, doc.data.docRef));
        });
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };

  async function take(role: string, docRef: string): Promise<DocumentReading> {
    const held = await devices.takeDocument(role, docRef).catch(() => null);
    if (!held) return { outcome: 'problem', problem: 'unreadable' };
    const read = documentReadOf(held);
    if (!read.ok) return { outcome: 'problem', problem: read.problem };
    // A passport's chip is not read here: no photo, and the expert checks the face on video.
    const photo = read.document.kind === 'cn-id' && held.photo ? await decoder.decode(Buffer.from(held.photo, 'base64'), 'cn-id').catch(() => null) : null;
    return { outcome: 'read', document: read.document, photo };
  }
}
