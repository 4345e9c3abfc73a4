// The real PC/SC binding (@pokusew/pcsclite, built against libpcsclite), loaded on first use
// so code that never reads chips does not load the native module.
//
// The binding is an optional dependency: it compiles against winscard.h, and `npm install`
// must succeed on a machine without libpcsclite-dev. Where it is absent the chip reader
// reports itself unavailable with the exact packages to install, and nothing else breaks.
import { connect } from 'node:net';
import type { PcscLike } from './pcsc-types.js';

export const PCSC_MODULE = '@pokusew/pcsclite';
export const PCSC_INSTALL_HINT = `install it with: sudo apt-get install -y libpcsclite-dev pcscd && npm install ${PCSC_MODULE}`;

/** Thrown when the optional native binding is not installed; the message says how to install it. */
export class PcscBindingMissingError extends Error {
  readonly code = 'PCSC_BINDING_MISSING';
  constructor(cause: unknown) {
    super(`the PC/SC binding (${PCSC_MODULE}) is not installed — ${PCSC_INSTALL_HINT}`, { cause });
    this.name = 'PcscBindingMissingError';
  }
}

type PcscModule = { default: () => PcscLike };
/** A specifier in a variable, so that type-checking and bundling never require the optional module. */
export async function loadPcscModule(specifier: string = PCSC_MODULE): Promise<() => PcscLike> {
  try {
    const mod = (await import(specifier)) as PcscModule;
    return mod.default;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new PcscBindingMissingError(err);
    throw err;
  }
}

/**
 * The binding's constructor retries SCardEstablishContext in a busy loop while pcscd is
 * missing, freezing the process; so the socket is checked first (pcsc-lite's client honours
 * PCSCLITE_CSOCK_NAME, and so does this check).
 */
export async function defaultPcscFactory(): Promise<PcscLike> {
  const pcsclite = await loadPcscModule();
  const path = process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
  await new Promise<void>((resolve, reject) => {
    const s = connect({ path });
    s.setTimeout(1000, () => s.destroy(new Error(`pcscd at ${path} does not accept connections (sudo apt-get install -y pcscd && sudo systemctl start pcscd)`)));
    s.once('connect', () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
  return pcsclite();
}
