// Opens a real HID POS scanner with node-hid (hidraw on Linux, needs a udev rule granting the
// kiosk user access). Kept apart so code and tests that use a fake never load the addon.
import HID from 'node-hid';
import type { HidDeviceLike } from './hid-scanner.js';

export type HidSelector = { vendorId: number; productId: number } | { path: string };

export async function openHidPosDevice(selector: HidSelector): Promise<HidDeviceLike> {
  return 'path' in selector ? HID.HIDAsync.open(selector.path) : HID.HIDAsync.open(selector.vendorId, selector.productId);
}

export function describeHid(selector: HidSelector): string {
  const hex = (n: number): string => n.toString(16).padStart(4, '0');
  return 'path' in selector ? `hid://${selector.path}` : `hid://${hex(selector.vendorId)}:${hex(selector.productId)}`;
}
