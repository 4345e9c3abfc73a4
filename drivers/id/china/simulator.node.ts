// A resident ID card reader on the far end of a socat PTY pair, for integration tests, the
// dev panel and benchmarks. The controls are those of the model (place/remove a card, faults).
import { openPtySimEndpoint } from '../../transports/pty-endpoint.node.js';
import { SimulatedSamReader } from './sim/model.js';

export { SimulatedSamReader, type SimulatedCard } from './sim/model.js';

export interface ChinaIdSimulator {
  /** The serial path the driver opens. */
  readonly path: string;
  readonly reader: SimulatedSamReader;
  close(): Promise<void>;
}

export async function startChinaIdSimulator(opts: { baudRate?: number } = {}): Promise<ChinaIdSimulator> {
  const end = await openPtySimEndpoint(opts.baudRate ?? 115200);
  const reader = new SimulatedSamReader();
  const conn = reader.connect((bytes) => end.write(bytes));
  end.onData((bytes) => conn.receive(bytes));
  return { path: end.path, reader, close: () => end.close() };
}
