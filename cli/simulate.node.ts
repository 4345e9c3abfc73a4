// `kioskctl simulate printer`: a stand-alone ESC/POS printer simulator for demos and bench
// runs; prints each received receipt as text.
import { startEscPosSimulator } from '../drivers/escpos/simulator.node.js';

export async function simulate(device: string | undefined, opts: { port: number; pty: boolean }): Promise<number> {
  if (device !== 'printer') {
    console.error(`kioskctl simulate: unknown device "${device ?? ''}" (known: printer)`);
    return 2;
  }
  const sim = await startEscPosSimulator(opts.pty ? { pty: true } : { tcp: { host: '127.0.0.1', port: opts.port } });
  const ep = sim.endpoint;
  console.log(ep.kind === 'tcp' ? `ESC/POS printer simulator on tcp://${ep.host}:${ep.port}` : `ESC/POS printer simulator on serial ${ep.path}`);
  console.log('Ctrl+C to stop. Received receipts:');
  let stop = false;
  process.once('SIGINT', () => (stop = true));
  while (!stop) {
    const job = await sim.waitForJob(1_000).catch(() => null);
    if (job) console.log(`\n${job.text}\n`);
  }
  await sim.close();
  return 0;
}
