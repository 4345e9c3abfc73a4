// An OCR MRZ scanner on the far end of a socat PTY pair: `present()` sends a document's MRZ
// the way the configured scanner frames it; `sendRaw()` injects anything (noise, torn lines).
import { openPtySimEndpoint } from '../../transports/pty-endpoint.node.js';
import { encodeMrzFrame, type MrzFraming } from '../codec/mrz-frame.js';

export interface MrzSimulator {
  /** The serial path the driver opens. */
  readonly path: string;
  present(lines: readonly string[]): Promise<void>;
  sendRaw(bytes: Uint8Array | string): Promise<void>;
  close(): Promise<void>;
}

const ascii = (s: string): Uint8Array => new Uint8Array([...s].map((c) => c.charCodeAt(0) & 0xff));

export async function startMrzSimulator(opts: { framing?: MrzFraming } = {}): Promise<MrzSimulator> {
  const end = await openPtySimEndpoint();
  return {
    path: end.path,
    present: (lines) => end.write(encodeMrzFrame(lines, opts.framing)),
    sendRaw: (bytes) => end.write(typeof bytes === 'string' ? ascii(bytes) : bytes),
    close: () => end.close(),
  };
}
