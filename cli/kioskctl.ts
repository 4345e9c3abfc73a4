// kioskctl — the field technician's command line for a kiosk (usage below). Commands that
// talk to a running host use its admin socket in the data dir; enroll, diag, udev, decode
// and simulate work without one.
import { parseArgs } from 'node:util';
import { devicesResultSchema, idCardChoiceSchema, idCardResultSchema, maintenanceResultSchema, pinPadKeySchema, pinPadResultSchema, printTestResultSchema, retryResultSchema, scanResultSchema, statusResultSchema, swipeCardSchema, swipeResultSchema } from '../electron/host/admin-protocol.js';
import { ConfigError } from '../electron/host/config.js';
import { configuredHubUrl, configuredKioskId, PACKAGED_CONFIG_FILE, readConfigSources, resolveDataDir } from '../electron/host/config-sources.js';
import { HOST_VERSION } from '../electron/host/version.js';
import { AdminClient, AdminError } from './admin-client.node.js';
import { runDecode } from './decode.node.js';
import { runDiag } from './diag.node.js';
import { enroll } from './enroll.node.js';
import { formatDevices, formatEvent, formatStatus } from './format.js';
import { processIo, type CliIo } from './io.js';
import { simulate } from './simulate.node.js';
import { runUdev } from './udev.node.js';

const USAGE = `usage: kioskctl <command> [--data-dir DIR]
  status [--json]                   version, hub link and last sync, outbox backlog and dead letters, device health
  devices [--json]                  configured devices with health, and what is plugged in
  monitor                           live device and sync events (Ctrl+C to stop)
  retry <role>                      reopen a device now instead of at its next retry
  print-test [--printer ROLE]       print a test page and show the printer status
  pinpad <digits|enter|cancel|clear|backspace>... [--role ROLE]
                                    press keys on the running host's simulated PIN pad
  swipe <K1001…K1005|card number> [--role ROLE]
                                    swipe a demo bank card on the running host's simulated card reader
  idcard <zhang-wei|li-na|sample|remove> [--role ROLE]
                                    place a demo China ID card on (or lift it from) the running host's simulated ID reader
  scan <text> [--role ROLE]         show a code (e.g. a bill's QR text) to the running host's simulated scanner
  maintenance [on|off]              whether the kiosk is out of service for maintenance; end (or start) it on site
  diag [--out FILE]                 diagnostics archive (.tar.gz) for support, personal data removed
  enroll --code CODE [--hub URL] [--kiosk ID]
                                    enroll this kiosk with the hub (hub and kiosk id default to the config file)
  udev [--install]                  udev rules for the configured devices (/dev/kiosk/<role>)
  decode <mrz|track|cnid|aamva|escpos> [FILE|-] [--json]
                                    decode a captured document, swipe or print job offline (card numbers masked)
  simulate <printer|card|passport|idcard|scanner|pinpad|dispenser> [--port N | --pty]
                                    protocol simulators for demos and benches
  --version                         kioskctl's version
Data dir: --data-dir, else BRANCH_KIOSK_DATA_DIR, else "dataDir" in the config file
(BRANCH_KIOSK_CONFIG, else ${PACKAGED_CONFIG_FILE} if present), else .data/kiosk.`;

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      printer: { type: 'string' },
      role: { type: 'string' },
      port: { type: 'string' },
      pty: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'V', default: false },
      hub: { type: 'string' },
      code: { type: 'string' },
      kiosk: { type: 'string' },
    },
  });
}

export async function kioskctl(argv: string[], io: CliIo): Promise<number> {
  // Subcommands with options of their own get the rest of the command line unparsed.
  if (argv[0] === 'udev') return runUdev(argv.slice(1), io);
  if (argv[0] === 'decode') return runDecode(argv.slice(1), { stdin: process.stdin, ...io });

  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (err) {
    io.stderr(`kioskctl: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values: opts, positionals } = parsed;
  const [cmd, arg, ...extra] = positionals;
  if (opts.version) {
    io.stdout(`kioskctl ${HOST_VERSION}\n`);
    return 0;
  }
  if (opts.help || !cmd) {
    (opts.help ? io.stdout : io.stderr)(`${USAGE}\n`);
    return opts.help ? 0 : 2;
  }
  const unexpected = cmd === 'pinpad' || cmd === 'scan' ? [] : cmd === 'simulate' || cmd === 'retry' || cmd === 'swipe' || cmd === 'idcard' || cmd === 'maintenance' ? extra : [arg, ...extra].filter((a) => a !== undefined);
  if (unexpected.length > 0) {
    io.stderr(`kioskctl ${cmd}: unexpected argument "${unexpected.join(' ')}"\n${USAGE}\n`);
    return 2;
  }
  if (cmd === 'simulate') return simulate(arg, { port: opts.port ? Number(opts.port) : 9100, pty: opts.pty });

  const sources = readConfigSources({ fallbackFile: PACKAGED_CONFIG_FILE });
  const dataDir = resolveDataDir(sources, opts['data-dir']).value;
  if (cmd === 'enroll') return enroll({ hub: configuredHubUrl(sources, opts.hub), kiosk: configuredKioskId(sources, opts.kiosk), code: opts.code, dataDir, sources, io });
  if (cmd === 'diag') return runDiag({ dataDir, out: opts.out, sources, io });
  if (!['status', 'devices', 'monitor', 'retry', 'print-test', 'pinpad', 'swipe', 'idcard', 'scan', 'maintenance'].includes(cmd)) {
    io.stderr(`kioskctl: unknown command "${cmd}"\n${USAGE}\n`);
    return 2;
  }
  if (cmd === 'retry' && !arg) {
    io.stderr('usage: kioskctl retry <role>   (roles: kioskctl devices)\n');
    return 2;
  }

  const keys = [arg, ...extra].filter((a): a is string => a !== undefined);
  if (cmd === 'pinpad' && (keys.length === 0 || !keys.every((k) => pinPadKeySchema.safeParse(k).success))) {
    io.stderr('usage: kioskctl pinpad <digits|enter|cancel|clear|backspace>...   e.g. kioskctl pinpad 1234 enter\n');
    return 2;
  }

  if (cmd === 'swipe' && !swipeCardSchema.safeParse(arg).success) {
    io.stderr('usage: kioskctl swipe <K1001…K1005|card number>   e.g. kioskctl swipe K1002 (demo cards: hub/banking/README.md)\n');
    return 2;
  }
  const idCard = idCardChoiceSchema.safeParse(arg);
  if (cmd === 'idcard' && !idCard.success) {
    io.stderr('usage: kioskctl idcard <zhang-wei|li-na|sample|remove>   e.g. kioskctl idcard li-na (demo ID cards: hub/banking/README.md)\n');
    return 2;
  }
  const scanned = [arg, ...extra].filter((a): a is string => a !== undefined).join(' ');
  if (cmd === 'scan' && (scanned === '' || scanned.length > 512)) {
    io.stderr("usage: kioskctl scan <text>   e.g. kioskctl scan 'BKBILL1|water-sh|20456789|WB-202611-0001|CNY|7840'\n");
    return 2;
  }

  if (cmd === 'maintenance' && arg !== undefined && arg !== 'on' && arg !== 'off') {
    io.stderr('usage: kioskctl maintenance [on|off]   (without an argument: whether it is on)\n');
    return 2;
  }

  const client = await AdminClient.connect(dataDir);
  try {
    if (cmd === 'status') {
      const status = statusResultSchema.parse(await client.request({ cmd: 'status' }));
      io.stdout(`${opts.json ? JSON.stringify(status, null, 2) : formatStatus(status)}\n`);
      return 0;
    }
    if (cmd === 'devices') {
      const result = devicesResultSchema.parse(await client.request({ cmd: 'devices' }));
      io.stdout(`${opts.json ? JSON.stringify(result, null, 2) : formatDevices(result)}\n`);
      return 0;
    }
    if (cmd === 'retry') {
      const { role, health } = retryResultSchema.parse(await client.request({ cmd: 'retry', role: arg ?? '' }));
      io.stdout(`${role}: ${health.state}${health.reason ? ` (${health.reason})` : ''}\n`);
      return health.state === 'offline' || health.state === 'error' ? 1 : 0;
    }
    if (cmd === 'pinpad') {
      const r = pinPadResultSchema.parse(await client.request({ cmd: 'pinpad', keys, ...(opts.role ? { role: opts.role } : {}) }));
      io.stdout(`${r.role}: ${r.entryActive ? `PIN entry running, ${r.digits} digit(s) in` : 'no PIN entry running'}\n`);
      return 0;
    }
    if (cmd === 'swipe') {
      const r = swipeResultSchema.parse(await client.request({ cmd: 'swipe', card: arg ?? '', ...(opts.role ? { role: opts.role } : {}) }));
      io.stdout(`${r.role}: swiped ${r.card}\n`);
      return 0;
    }
    if (cmd === 'idcard' && idCard.success) {
      const r = idCardResultSchema.parse(await client.request({ cmd: 'idcard', card: idCard.data, ...(opts.role ? { role: opts.role } : {}) }));
      io.stdout(`${r.role}: ${r.placed ? `placed ID card ${r.placed}` : 'no ID card on the reader'}\n`);
      return 0;
    }
    if (cmd === 'scan') {
      const r = scanResultSchema.parse(await client.request({ cmd: 'scan', text: scanned, ...(opts.role ? { role: opts.role } : {}) }));
      io.stdout(`${r.role}: scanned\n`);
      return 0;
    }
    if (cmd === 'maintenance') {
      // The OS user is who the kiosk log and the service audit name as the technician.
      const by = process.env.SUDO_USER ?? process.env.USER ?? 'kioskctl';
      const request = arg === undefined ? { cmd: 'maintenance' as const } : { cmd: 'maintenance' as const, on: arg === 'on', by: by.slice(0, 64) };
      const { maintenance } = maintenanceResultSchema.parse(await client.request(request));
      io.stdout(maintenance ? 'maintenance: on — the kiosk refuses new customers (kioskctl maintenance off ends it)\n' : 'maintenance: off — the kiosk takes customers\n');
      return 0;
    }
    if (cmd === 'print-test') {
      const result = printTestResultSchema.parse(await client.request({ cmd: 'print-test', ...(opts.printer ? { role: opts.printer } : {}) }));
      io.stdout(result.printed ? `test page printed on ${result.role}\n` : `test page NOT printed on ${result.role}: ${result.code ?? 'unknown'}\n`);
      if (result.status) io.stdout(`status: ${JSON.stringify(result.status)}\n`);
      return result.printed ? 0 : 1;
    }
    await client.monitor((e) => io.stdout(`${formatEvent(e)}\n`));
    return 0;
  } finally {
    client.close();
  }
}

kioskctl(process.argv.slice(2), processIo).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (err: unknown) => {
    const message = err instanceof AdminError ? `${err.code}: ${err.message}` : err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`kioskctl: ${message}\n`, () => process.exit(1));
  },
);
