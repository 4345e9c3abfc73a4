// The demo ID-photo decoder: it understands only the SIMULATED reader's photo block (a portrait
// name, drivers/id/china/sim/simulated-photo.ts) and answers that portrait's JPEG from a
// directory of demo portraits (default: the face fixtures, test/fixtures/faces, public domain —
// see their README). A real card's WLT photo is not for it: null, and the expert checks the face.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { simulatedPortraitOf } from '../../../drivers/id/china/sim/simulated-photo.js';
import type { IdPhotoDecoder } from './id-photo-decoder.js';

export const DEFAULT_DEMO_PORTRAITS_DIR = path.resolve('test/fixtures/faces');

/** The kiosk's decoder as configured (accountOpening.demoPortraitsDir); both identity journeys use it. */
export function configuredIdPhotoDecoder(demoPortraitsDir: string | null): IdPhotoDecoder {
  return demoIdPhotoDecoder(demoPortraitsDir ? path.resolve(demoPortraitsDir) : undefined);
}

export function demoIdPhotoDecoder(dir = DEFAULT_DEMO_PORTRAITS_DIR): IdPhotoDecoder {
  return {
    name: 'demo (simulated reader)',
    async decode(raw) {
      const portrait = simulatedPortraitOf(raw);
      if (!portrait) return null;
      const bytes = await readFile(path.join(dir, `${portrait}.jpg`)).catch(() => null);
      return bytes ? { mime: 'image/jpeg', base64: bytes.toString('base64') } : null;
    },
  };
}
