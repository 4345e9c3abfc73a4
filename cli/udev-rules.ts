// udev rules from the device config: every USB device a role names gets a stable
// /dev/kiosk/<role> symlink and read/write access for the `kiosk` group, so the config (and a
// technician) names roles, not ttyUSB numbers that move on every replug.
//
// Pure: config in, rules text out. The same generator with no devices produces the packaged
// native/linux/99-branch-kiosk.rules (group access for the usual adapters, no role names);
// `kioskctl udev` writes the per-kiosk file with the same name under /etc/udev/rules.d,
// which replaces the packaged one.
import type { DeviceConfig } from '../electron/host/devices/device-config.js';

export const KIOSK_GROUP = 'kiosk';
export const SYMLINK_DIR = 'kiosk';
export const RULES_FILE_NAME = '99-branch-kiosk.rules';

export type UdevSubsystem = 'tty' | 'hidraw' | 'usbmisc';

/** One role's device, as udev will match it. */
export interface RoleRule {
  role: string;
  subsystem: UdevSubsystem;
  vendorId: string;
  productId: string;
  /** USB serial number (ATTRS{serial}), to tell two identical adapters apart. */
  serial?: string;
  /** Physical USB port (KERNELS, e.g. 1-1.2), for adapters without a serial number. */
  port?: string;
  /** Under /dev: `kiosk/<name>`. */
  symlink: string;
}

export interface SkippedRole {
  role: string;
  reason: string;
}

export interface GeneratedRules {
  text: string;
  roles: RoleRule[];
  skipped: SkippedRole[];
}

export class UdevConfigError extends Error {
  constructor(
    readonly role: string,
    message: string,
  ) {
    super(`devices[${role}]: ${message}`);
    this.name = 'UdevConfigError';
  }
}

/** USB-serial bridges found in kiosk readers and printers. */
export const USB_SERIAL_BRIDGES = [
  { vendorId: '10c4', productId: 'ea60', name: 'Silicon Labs CP210x' },
  { vendorId: '1a86', productId: '7523', name: 'WCH CH340' },
  { vendorId: '0403', productId: '6001', name: 'FTDI FT232R' },
  { vendorId: '067b', productId: '2303', name: 'Prolific PL2303' },
] as const;

/** Vendors of HID card readers and barcode/QR scanners (HID POS mode, read through hidraw). */
export const HID_READER_VENDORS = [
  { vendorId: '0801', name: 'MagTek card readers' },
  { vendorId: '0acd', name: 'ID TECH card readers' },
  { vendorId: '0c2e', name: 'Honeywell scanners' },
  { vendorId: '05e0', name: 'Zebra (Symbol) scanners' },
  { vendorId: '05f9', name: 'Datalogic scanners' },
] as const;

const USB_ID = /^[0-9a-f]{4}$/;
const USB_PAIR = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/;
// Values end up inside double quotes in a rules file: nothing that could close the quote,
// start a glob or continue the line may pass.
const USB_SERIAL = /^[A-Za-z0-9._-]{1,64}$/;
const USB_PORT = /^[0-9]+-[0-9]+(\.[0-9]+)*$/;
const KIOSK_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const KIOSK_PATH_PREFIX = `/dev/${SYMLINK_DIR}/`;

const access = `GROUP="${KIOSK_GROUP}", MODE="0660"`;

function optionString(device: DeviceConfig, key: string): string | undefined {
  const value = device.options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UdevConfigError(device.role, `options.${key} must be a string`);
  return value;
}

/** Serial number / physical port hints that tell identical adapters apart. */
function hints(device: DeviceConfig): Pick<RoleRule, 'serial' | 'port'> {
  const serial = optionString(device, 'usbSerial');
  const port = optionString(device, 'usbPort');
  if (serial !== undefined && !USB_SERIAL.test(serial)) throw new UdevConfigError(device.role, 'options.usbSerial may hold only letters, digits, ".", "_" and "-"');
  if (port !== undefined && !USB_PORT.test(port)) throw new UdevConfigError(device.role, 'options.usbPort must be a USB port path such as "1-1.2" (see udevadm info -a)');
  return { ...(serial ? { serial } : {}), ...(port ? { port } : {}) };
}

/** The rule for one role, or why it needs none. */
export function roleRule(device: DeviceConfig): RoleRule | SkippedRole {
  const t = device.transport;
  const role = device.role;
  if (t.type === 'usb-serial' || t.type === 'hid') {
    return {
      role,
      subsystem: t.type === 'hid' ? 'hidraw' : 'tty',
      vendorId: t.vendorId.toLowerCase(),
      productId: t.productId.toLowerCase(),
      ...hints(device),
      symlink: `${SYMLINK_DIR}/${role}`,
    };
  }
  if (t.type === 'serial') {
    if (!t.path.startsWith(KIOSK_PATH_PREFIX)) return { role, reason: `opens ${t.path} directly; no rule needed (the kiosk user is in the dialout group)` };
    const name = t.path.slice(KIOSK_PATH_PREFIX.length);
    if (!KIOSK_NAME.test(name)) throw new UdevConfigError(role, `transport.path ${t.path}: a /dev/${SYMLINK_DIR}/ name may hold only lower-case letters, digits, ".", "_" and "-"`);
    const usb = optionString(device, 'usb');
    if (usb === undefined) throw new UdevConfigError(role, `transport.path ${t.path} needs the device's USB id: add "options": { "usb": "VVVV:PPPP" } (lsusb shows it)`);
    const pair = USB_PAIR.exec(usb);
    if (!pair) throw new UdevConfigError(role, `options.usb "${usb}" must be VVVV:PPPP in hex, e.g. "0403:6001"`);
    // A printer in USB printer-class mode is /dev/usb/lpN (usbmisc), not a tty.
    const usbClass = optionString(device, 'usbClass') ?? 'serial';
    if (usbClass !== 'serial' && usbClass !== 'printer') throw new UdevConfigError(role, 'options.usbClass must be "serial" or "printer"');
    return {
      role,
      subsystem: usbClass === 'printer' ? 'usbmisc' : 'tty',
      vendorId: (pair[1] ?? '').toLowerCase(),
      productId: (pair[2] ?? '').toLowerCase(),
      ...hints(device),
      symlink: `${SYMLINK_DIR}/${name}`,
    };
  }
  const why = { tcp: 'a network device', pcsc: 'PC/SC readers are reached through pcscd', simulated: 'a simulator' } as const;
  return { role, reason: `${why[t.type]}; no udev rule needed` };
}

const isRule = (r: RoleRule | SkippedRole): r is RoleRule => 'subsystem' in r;

/** Two roles that match the same device would fight over it: refuse, naming both. */
function checkDistinct(rules: RoleRule[]): void {
  const bySelector = new Map<string, string>();
  const bySymlink = new Map<string, string>();
  for (const r of rules) {
    if (!USB_ID.test(r.vendorId) || !USB_ID.test(r.productId)) throw new UdevConfigError(r.role, `USB id ${r.vendorId}:${r.productId} is not two 4-digit hex numbers`);
    const selector = [r.subsystem, r.vendorId, r.productId, r.serial ?? '*', r.port ?? '*'].join('/');
    const other = bySelector.get(selector);
    if (other) {
      throw new UdevConfigError(r.role, `matches the same ${r.subsystem} device ${r.vendorId}:${r.productId} as role "${other}"; tell them apart with options.usbSerial or options.usbPort`);
    }
    bySelector.set(selector, r.role);
    const sameName = bySymlink.get(r.symlink);
    if (sameName) throw new UdevConfigError(r.role, `/dev/${r.symlink} is already the name of role "${sameName}"`);
    bySymlink.set(r.symlink, r.role);
  }
}

function ruleLine(r: RoleRule): string {
  const match = [`SUBSYSTEM=="${r.subsystem}"`, `ATTRS{idVendor}=="${r.vendorId}"`, `ATTRS{idProduct}=="${r.productId}"`];
  if (r.serial) match.push(`ATTRS{serial}=="${r.serial}"`);
  if (r.port) match.push(`KERNELS=="${r.port}"`);
  return [...match, `SYMLINK+="${r.symlink}"`, access].join(', ');
}

/** Group access for the usual adapters and classes, whatever the config says. */
function baseRules(): string[] {
  return [
    '# USB-serial bridges (ID card, MRZ and magstripe readers, serial scanners and printers)',
    ...USB_SERIAL_BRIDGES.map((b) => `SUBSYSTEM=="tty", ATTRS{idVendor}=="${b.vendorId}", ATTRS{idProduct}=="${b.productId}", ${access}`),
    '',
    '# HID card readers and barcode/QR scanners in HID POS mode (node-hid reads /dev/hidraw*)',
    ...HID_READER_VENDORS.map((v) => `SUBSYSTEM=="hidraw", ATTRS{idVendor}=="${v.vendorId}", ${access}`),
    '',
    '# Receipt printers in USB printer-class mode (/dev/usb/lp*)',
    `SUBSYSTEM=="usbmisc", KERNEL=="lp[0-9]*", ${access}`,
  ];
}

/** A path from the config could hold a newline; a comment must stay one line. */
const oneLine = (text: string): string => [...text].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c)).join('');

export function generateUdevRules(devices: readonly DeviceConfig[], source = 'the kiosk configuration'): GeneratedRules {
  const results = devices.map(roleRule);
  const roles = results.filter(isRule);
  const skipped = results.filter((r): r is SkippedRole => !isRule(r));
  checkDistinct(roles);
  const lines = [
    oneLine(`# Branch Kiosk udev rules, generated by \`kioskctl udev\` from ${source}.`),
    '# Regenerate after changing the device config; edits here are lost.',
    `# Roles appear as /dev/${SYMLINK_DIR}/<role>; the ${KIOSK_GROUP} group may read and write them.`,
    '',
    ...baseRules(),
    '',
    '# Roles from the device config',
    ...(roles.length ? roles.map(ruleLine) : ['# (no USB devices configured)']),
  ];
  for (const s of skipped) lines.push(oneLine(`# ${s.role}: ${s.reason}`));
  return { text: `${lines.join('\n')}\n`, roles, skipped };
}
