// The generated rules, read back with a strict udev rules parser: each configured USB role
// becomes exactly one rule that names /dev/kiosk/<role> and gives the kiosk group access.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { devicesConfigSchema, type DeviceConfigInput } from '../electron/host/devices/device-config.js';
import { parseUdevRules, UdevParseError, valueOf, type UdevRule } from '../test/packaging/udev-rules-parser.js';
import { generateUdevRules, HID_READER_VENDORS, UdevConfigError, USB_SERIAL_BRIDGES } from './udev-rules.js';

const root = path.resolve(import.meta.dirname, '..');
const devices = (list: DeviceConfigInput[]) => devicesConfigSchema.parse(list);

const branch = devices([
  { role: 'idcard', kind: 'id-reader', driver: 'cn-id', transport: { type: 'usb-serial', vendorId: '10C4', productId: 'EA60', baudRate: 115200 } },
  { role: 'swipe', kind: 'card-reader', driver: 'msr-serial', transport: { type: 'usb-serial', vendorId: '1a86', productId: '7523' } },
  { role: 'passport', kind: 'id-reader', driver: 'mrz', transport: { type: 'serial', path: '/dev/kiosk/passport' }, options: { usb: '0403:6001' } },
  { role: 'scanner', kind: 'barcode-scanner', driver: 'barcode-hid', transport: { type: 'hid', vendorId: '0c2e', productId: '0b61' } },
  { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'serial', path: '/dev/kiosk/receipt' }, options: { usb: '04b8:0202', usbClass: 'printer' } },
  { role: 'card', kind: 'card-reader', driver: 'emv-pcsc', transport: { type: 'pcsc' } },
  { role: 'lobby-printer', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'tcp', host: '10.1.2.3' } },
]);

const symlinked = (rules: UdevRule[]) => rules.filter((r) => valueOf(r, 'SYMLINK') !== undefined);
const bySymlink = (rules: UdevRule[], name: string) => rules.find((r) => valueOf(r, 'SYMLINK') === name);

describe('generateUdevRules', () => {
  const generated = generateUdevRules(branch, '/etc/branch-kiosk/kiosk.json');
  const rules = parseUdevRules(generated.text);

  it('names every USB role /dev/kiosk/<role> (or the /dev/kiosk path the config uses)', () => {
    expect(symlinked(rules).map((r) => valueOf(r, 'SYMLINK')).sort()).toEqual(['kiosk/idcard', 'kiosk/passport', 'kiosk/receipt', 'kiosk/scanner', 'kiosk/swipe']);
  });

  it('matches each role by subsystem and VID:PID, lower-cased as sysfs prints them', () => {
    const expectRule = (name: string, subsystem: string, vid: string, pid: string) => {
      const rule = bySymlink(rules, name);
      expect(rule, name).toBeDefined();
      expect(rule?.matches).toEqual(
        expect.arrayContaining([
          { key: 'SUBSYSTEM', op: '==', value: subsystem },
          { key: 'ATTRS', attr: 'idVendor', op: '==', value: vid },
          { key: 'ATTRS', attr: 'idProduct', op: '==', value: pid },
        ]),
      );
    };
    expectRule('kiosk/idcard', 'tty', '10c4', 'ea60'); // CP210x
    expectRule('kiosk/swipe', 'tty', '1a86', '7523'); // CH340
    expectRule('kiosk/passport', 'tty', '0403', '6001'); // FTDI
    expectRule('kiosk/scanner', 'hidraw', '0c2e', '0b61'); // HID POS scanner
    expectRule('kiosk/receipt', 'usbmisc', '04b8', '0202'); // USB printer class
  });

  it('gives the kiosk group read/write access on every rule, named or not', () => {
    expect(rules.length).toBeGreaterThan(5);
    for (const rule of rules) {
      expect(valueOf(rule, 'GROUP'), `line ${rule.line}`).toBe('kiosk');
      expect(valueOf(rule, 'MODE'), `line ${rule.line}`).toBe('0660');
      expect(rule.assigns.find((p) => p.key === 'SYMLINK')?.op ?? '+=').toBe('+='); // never replace other rules' links
    }
  });

  it('covers CP210x, CH340 and FTDI adapters, HID readers and USB printers without any config', () => {
    const base = parseUdevRules(generateUdevRules([]).text);
    expect(symlinked(base)).toEqual([]);
    for (const b of USB_SERIAL_BRIDGES) {
      expect(base.some((r) => valueOf(r, 'SUBSYSTEM') === 'tty' && valueOf(r, 'ATTRS', 'idVendor') === b.vendorId && valueOf(r, 'ATTRS', 'idProduct') === b.productId), b.name).toBe(true);
    }
    for (const v of HID_READER_VENDORS) expect(base.some((r) => valueOf(r, 'SUBSYSTEM') === 'hidraw' && valueOf(r, 'ATTRS', 'idVendor') === v.vendorId), v.name).toBe(true);
    expect(base.some((r) => valueOf(r, 'SUBSYSTEM') === 'usbmisc' && valueOf(r, 'KERNEL') === 'lp[0-9]*')).toBe(true);
  });

  it('lists the roles that need no rule, with the reason', () => {
    expect(generated.skipped.map((s) => s.role).sort()).toEqual(['card', 'lobby-printer']);
    expect(generated.text).toMatch(/^# card: PC\/SC readers are reached through pcscd/m);
  });

  it('refuses two roles on the same adapter model unless a serial number or port tells them apart', () => {
    const twins = (extra: Record<string, string>) =>
      devices([
        { role: 'idcard', kind: 'id-reader', driver: 'cn-id', transport: { type: 'usb-serial', vendorId: '1a86', productId: '7523' } },
        { role: 'swipe', kind: 'card-reader', driver: 'msr-serial', transport: { type: 'usb-serial', vendorId: '1a86', productId: '7523' }, options: extra },
      ]);
    expect(() => generateUdevRules(twins({}))).toThrow(/devices\[swipe\].*same tty device 1a86:7523 as role "idcard".*usbSerial or options\.usbPort/);
    const byPort = parseUdevRules(generateUdevRules(twins({ usbPort: '1-1.4' })).text);
    expect(bySymlink(byPort, 'kiosk/swipe')?.matches).toContainEqual({ key: 'KERNELS', op: '==', value: '1-1.4' });
    const bySerial = parseUdevRules(generateUdevRules(twins({ usbSerial: 'A10K3XQZ' })).text);
    expect(bySymlink(bySerial, 'kiosk/swipe')?.matches).toContainEqual({ key: 'ATTRS', attr: 'serial', op: '==', value: 'A10K3XQZ' });
  });

  it('asks for the USB id of a /dev/kiosk serial path, and refuses values that could break out of a rule', () => {
    const one = (options: Record<string, string>, p = '/dev/kiosk/passport') => () =>
      generateUdevRules(devices([{ role: 'passport', kind: 'id-reader', driver: 'mrz', transport: { type: 'serial', path: p }, options }]));
    expect(one({})).toThrow(UdevConfigError);
    expect(one({})).toThrow(/devices\[passport\].*options.*"usb": "VVVV:PPPP"/);
    expect(one({ usb: '403:6001' })).toThrow(/must be VVVV:PPPP/);
    expect(one({ usb: '0403:6001', usbSerial: 'A1", RUN+="/bin/sh' })).toThrow(/usbSerial/);
    expect(one({ usb: '0403:6001', usbPort: '1-1"' })).toThrow(/usbPort/);
    expect(one({ usb: '0403:6001' }, '/dev/kiosk/../tty0')).toThrow(/\/dev\/kiosk\/ name/);
    expect(one({ usb: '0403:6001', usbClass: 'modem' })).toThrow(/usbClass/);
  });

  it('keeps a path from the config on one comment line', () => {
    const text = generateUdevRules(devices([{ role: 'odd', kind: 'id-reader', driver: 'mrz', transport: { type: 'serial', path: '/dev/ttyS0\nRUN+="/bin/sh"' } }])).text;
    expect(() => parseUdevRules(text)).not.toThrow();
    expect(parseUdevRules(text).some((r) => valueOf(r, 'RUN') !== undefined)).toBe(false);
  });
});

describe('native/linux/99-branch-kiosk.rules', () => {
  it('is what the generator writes for an empty device list, so packaged and generated rules agree', () => {
    const packaged = readFileSync(path.join(root, 'native/linux/99-branch-kiosk.rules'), 'utf8');
    expect(packaged).toBe(generateUdevRules([], 'an empty device list (the packaged default)').text);
  });
});

describe('the test parser', () => {
  it('rejects what udev would ignore or misread', () => {
    expect(() => parseUdevRules('SUBSYSTEM="tty", GROUP="kiosk"')).toThrow(/SUBSYSTEM cannot be assigned/);
    expect(() => parseUdevRules('SUBSYSTEM=="tty", GROUP=="kiosk"')).toThrow(/GROUP cannot be matched/);
    expect(() => parseUdevRules('SUBSYSTEM=="tty", GROUP=kiosk')).toThrow(UdevParseError);
    expect(() => parseUdevRules('ATTRS=="x", GROUP="kiosk"')).toThrow(/needs an \{attribute\}/);
    expect(() => parseUdevRules('SUBSYSTEM=="tty"')).toThrow(/does nothing/);
    expect(parseUdevRules('# c\nSUBSYSTEM=="tty", \\\n  GROUP="kiosk"\n')).toEqual([
      { line: 2, matches: [{ key: 'SUBSYSTEM', op: '==', value: 'tty' }], assigns: [{ key: 'GROUP', op: '=', value: 'kiosk' }] },
    ]);
  });
});
