import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulatedPhotoBlock } from '../../../drivers/id/china/sim/simulated-photo.js';
import { demoIdPhotoDecoder } from './demo-id-photo-decoder.node.js';

describe('demo ID photo decoder', () => {
  const decoder = demoIdPhotoDecoder();
  it('answers the simulated card portrait as its JPEG', async () => {
    const image = await decoder.decode(simulatedPhotoBlock('hopper-id'), 'cn-id');
    expect(image?.mime).toBe('image/jpeg');
    expect(image?.base64).toBe(readFileSync('test/fixtures/faces/hopper-id.jpg').toString('base64'));
  });
  it('cannot read a real WLT photo or an unknown portrait', async () => {
    expect(await decoder.decode(new Uint8Array(1024).fill(0x57), 'cn-id')).toBeNull();
    expect(await decoder.decode(simulatedPhotoBlock('nobody'), 'cn-id')).toBeNull();
  });
});
