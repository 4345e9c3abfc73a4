// kioskctl — the field technician's command line for a kiosk.
//   kioskctl devices [--json]          configured and discovered devices with health
//   kioskctl monitor                   live device and sync events (Ctrl+C to stop)
//   kioskctl print-test [--printer R]  prints a test page and shows the printer status
//   kioskctl enroll --hub URL --code CODE   enrolls this kiosk with the hub (one-time code from the hub admin)
//   kioskctl simulate <printer|card|passport|idcard|scanner> [--port N | --pty]   protocol simulators for demos and benches
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AdminClient, AdminError } from './admin-client.node.js';
import { formatDevices, formatEvent } from './format.js';
import { enroll } from './enroll.node.js';
import { simulate } from './simulate.node.js';

const USAGE = `usage: kioskctl <devices [--json] | monitor | print-test [--printer ROLE] | enroll --hub URL --code CODE [--kiosk ID] | simulate <printer|card|passport|idcard|scanner> [--port N | --pty]> [--data-dir DIR]`;

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    printer: { type: 'string' },
    port: { type: 'string' },
    pty: { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: process.env.BRANCH_KIOSK_DATA_DIR ?? path.join('.data', 'kiosk') },
    help: { type: 'boolean', short: 'h', default: false },
    hub: { type: 'string' },
    code: { type: 'string' },
    kiosk: { type: 'string', default: process.env.BRANCH_KIOSK_ID ?? 'K01' },
  },
});

async function main(): Promise<number> {
  const [cmd, arg] = positionals;
  if (opts.help || !cmd) {
    console.log(USAGE);
    return opts.help ? 0 : 2;
  }
  if (cmd === 'simulate') return simulate(arg, { port: opts.port ? Number(opts.port) : 9100, pty: opts.pty });
  if (cmd === 'enroll') return enroll({ hubUrl: opts.hub, code: opts.code, kioskId: opts.kiosk, dataDir: opts['data-dir'] });

  const client = await AdminClient.connect(opts['data-dir']);
  try {
    if (cmd === 'devices') {
      const result = await client.request({ cmd: 'devices' });
      console.log(opts.json ? JSON.stringify(result, null, 2) : formatDevices(result));
      return 0;
    }
    if (cmd === 'print-test') {
      const result = (await client.request({ cmd: 'print-test', ...(opts.printer ? { role: opts.printer } : {}) })) as { role: string; printed: boolean; code?: string; status?: unknown };
      console.log(result.printed ? `test page printed on ${result.role}` : `test page NOT printed on ${result.role}: ${result.code ?? 'unknown'}`);
      if (result.status) console.log('status:', JSON.stringify(result.status));
      return result.printed ? 0 : 1;
    }
    if (cmd === 'monitor') {
      await client.monitor((e) => console.log(formatEvent(e)));
      return 0;
    }
    console.error(USAGE);
    return 2;
  } finally {
    client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`kioskctl: ${err instanceof AdminError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
