import { describe, expect, it } from 'vitest';
import { decodeBaseInfo, encodeBaseInfo } from '../codec/base-info.js';
import { SAMPLE_CARD } from './sample-card.js';
import { simulatedPhotoBlock, simulatedPortraitOf } from './simulated-photo.js';

describe('simulated ID photo block', () => {
  it('is a 1024-byte block that names its portrait through the card codec', () => {
    const block = simulatedPhotoBlock('hopper-id');
    expect(block.length).toBe(1024);
    const read = decodeBaseInfo(encodeBaseInfo(SAMPLE_CARD, block), { now: new Date('2026-12-05') });
    if (!read.ok) throw new Error(read.error.code);
    expect(simulatedPortraitOf(read.value.photo ?? new Uint8Array())).toBe('hopper-id');
  });
  it('names nothing for a real (WLT) photo or a bad name', () => {
    expect(simulatedPortraitOf(new Uint8Array(1024).fill(0x57))).toBeNull();
    expect(() => simulatedPhotoBlock('../etc/passwd')).toThrow(TypeError);
  });
});
