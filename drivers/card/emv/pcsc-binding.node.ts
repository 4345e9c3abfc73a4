// The real PC/SC binding (@pokusew/pcsclite, built against libpcsclite), loaded on first use
// so code that never reads chips does not load the native module.
import { connect } from 'node:net';
import type { PcscLike } from './pcsc-types.js';

/**
 * The binding's constructor retries SCardEstablishContext in a busy loop while pcscd is
 * missing, freezing the process; so the socket is checked first (pcsc-lite's client honours
 * PCSCLITE_CSOCK_NAME, and so does this check).
 */
export async function defaultPcscFactory(): Promise<PcscLike> {
  const path = process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
  await new Promise<void>((resolve, reject) => {
    const s = connect({ path });
    s.setTimeout(1000, () => s.destroy(new Error(`pcscd at ${path} does not accept connections`)));
    s.once('connect', () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
  const { default: pcsclite } = await import('@pokusew/pcsclite');
  return pcsclite();
}
