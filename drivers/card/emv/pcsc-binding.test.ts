import { describe, expect, it } from 'vitest';
import { loadPcscModule, PcscBindingMissingError } from './pcsc-binding.node.js';

describe('PC/SC binding loader', () => {
  it('names the packages to install when the optional binding is absent', async () => {
    const err = await loadPcscModule('@branch-kiosk/no-such-pcsc-binding').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PcscBindingMissingError);
    expect((err as PcscBindingMissingError).code).toBe('PCSC_BINDING_MISSING');
    expect((err as Error).message).toContain('apt-get install -y libpcsclite-dev pcscd');
  });

  it('loads the installed binding', async () => {
    // npm test installs libpcsclite-dev and the binding before the tests run.
    await expect(loadPcscModule()).resolves.toBeTypeOf('function');
  });
});
