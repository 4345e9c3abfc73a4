// The device config: which driver serves each role, over which transport. Validated as a
// whole, and a bad key is named by the device's role so a technician finds it at once.
import { z } from 'zod';

const usbId = z.string().regex(/^[0-9a-fA-F]{4}$/, 'four hex digits');

export const transportConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tcp'), host: z.string().min(1), port: z.number().int().min(1).max(65535).default(9100) }).strict(),
  z.object({ type: z.literal('serial'), path: z.string().min(1), baudRate: z.number().int().positive().default(9600) }).strict(),
  z.object({ type: z.literal('usb-serial'), vendorId: usbId, productId: usbId, baudRate: z.number().int().positive().default(9600) }).strict(),
  z.object({ type: z.literal('hid'), vendorId: usbId, productId: usbId }).strict(),
  z.object({ type: z.literal('pcsc'), reader: z.string().optional() }).strict(),
  /** A protocol simulator started by the host itself (development, demos, tests). */
  z.object({ type: z.literal('simulated') }).strict(),
]);
export type TransportConfig = z.infer<typeof transportConfigSchema>;

export const deviceKindSchema = z.enum(['receipt-printer', 'card-reader', 'id-reader', 'barcode-scanner', 'pin-pad', 'card-dispenser']);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

type TransportType = TransportConfig['type'];

/**
 * Every driver the device worker knows, with the device class it serves and the transports
 * it can run on (`simulated` where a protocol simulator exists). The worker's registry and
 * the simulator registry are checked against this table by tests.
 */
export const DRIVERS: Readonly<Record<string, { kind: DeviceKind; transports: readonly TransportType[] }>> = {
  escpos: { kind: 'receipt-printer', transports: ['tcp', 'serial', 'usb-serial', 'simulated'] },
  'msr-serial': { kind: 'card-reader', transports: ['serial', 'usb-serial', 'simulated'] },
  'msr-hid': { kind: 'card-reader', transports: ['hid'] },
  'emv-pcsc': { kind: 'card-reader', transports: ['pcsc'] },
  mrz: { kind: 'id-reader', transports: ['serial', 'usb-serial', 'simulated'] },
  'cn-id': { kind: 'id-reader', transports: ['serial', 'usb-serial', 'simulated'] },
  aamva: { kind: 'id-reader', transports: ['serial', 'usb-serial'] },
  'barcode-serial': { kind: 'barcode-scanner', transports: ['serial', 'usb-serial', 'simulated'] },
  'barcode-hid': { kind: 'barcode-scanner', transports: ['hid'] },
  'epp-serial': { kind: 'pin-pad', transports: ['serial', 'usb-serial', 'simulated'] },
  'dispenser-serial': { kind: 'card-dispenser', transports: ['serial', 'usb-serial', 'simulated'] },
};

export const deviceConfigSchema = z
  .object({
    role: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'lower-case letters, digits and -'),
    kind: deviceKindSchema,
    driver: z.string().min(1),
    transport: transportConfigSchema,
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict()
  .superRefine((d, ctx) => {
    const driver = Object.hasOwn(DRIVERS, d.driver) ? DRIVERS[d.driver] : undefined;
    if (!driver) {
      ctx.addIssue({ code: 'custom', path: ['driver'], message: `unknown driver "${d.driver}" (known: ${Object.keys(DRIVERS).join(', ')})` });
      return;
    }
    if (driver.kind !== d.kind) ctx.addIssue({ code: 'custom', path: [], message: `driver ${d.driver} is a ${driver.kind}, not a ${d.kind}` });
    if (!driver.transports.includes(d.transport.type)) {
      ctx.addIssue({ code: 'custom', path: ['transport', 'type'], message: `driver ${d.driver} cannot use a ${d.transport.type} transport (it takes: ${driver.transports.join(', ')})` });
    }
  });
export type DeviceConfig = z.infer<typeof deviceConfigSchema>;
export type DeviceConfigInput = z.input<typeof deviceConfigSchema>;

export const devicesConfigSchema = z.array(deviceConfigSchema).superRefine((devices, ctx) => {
  const seen = new Set<string>();
  devices.forEach((d, i) => {
    if (seen.has(d.role)) ctx.addIssue({ code: 'custom', path: [i, 'role'], message: `role "${d.role}" is configured twice` });
    seen.add(d.role);
  });
});

/** `devices.0.transport.port` → `devices[receipt].transport.port`, using the raw input. */
export function describeDevicePath(path: readonly PropertyKey[], raw: unknown): string {
  const parts = path.map(String);
  if (parts[0] === 'devices' && parts[1] !== undefined && Array.isArray(raw)) {
    const entry: unknown = raw[Number(parts[1])];
    const role = typeof entry === 'object' && entry !== null && 'role' in entry ? String((entry as { role: unknown }).role) : parts[1];
    return [`devices[${role}]`, ...parts.slice(2)].join('.');
  }
  return parts.join('.');
}

export const defaultDevices: DeviceConfigInput[] = [{ role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'simulated' } }];
