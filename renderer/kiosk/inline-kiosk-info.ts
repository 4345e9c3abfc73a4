// `kiosk.info` as the page server put it into the page (electron/host/page-server.node.ts), so
// the attract screen paints without waiting for the bridge socket. Checked field by field
// (the page keeps zod out of its first bundle); anything unexpected means "ask the bridge".
import type { KioskInfo } from '../../electron/bridge/contract.js';

const ELEMENT_ID = 'kiosk-info';

const isText = (value: unknown): value is string => typeof value === 'string';
const isPositiveInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

export function readInlineKioskInfo(doc: Pick<Document, 'getElementById'>): KioskInfo | null {
  const text = doc.getElementById(ELEMENT_ID)?.textContent;
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const v = raw as Record<string, unknown>;
  const branch = v.branchName as Record<string, unknown> | null | undefined;
  const valid =
    isText(v.kioskId) &&
    typeof branch === 'object' &&
    branch !== null &&
    isText(branch['zh-CN']) &&
    isText(branch.en) &&
    (v.defaultLocale === 'zh-CN' || v.defaultLocale === 'en') &&
    isPositiveInt(v.idleTimeoutMs) &&
    isPositiveInt(v.idleWarningMs) &&
    isText(v.version) &&
    typeof v.serviceMode === 'boolean';
  if (!valid) return null;
  return {
    kioskId: v.kioskId as string,
    branchName: { 'zh-CN': branch['zh-CN'] as string, en: branch.en as string },
    defaultLocale: v.defaultLocale as KioskInfo['defaultLocale'],
    idleTimeoutMs: v.idleTimeoutMs as number,
    idleWarningMs: v.idleWarningMs as number,
    version: v.version as string,
    serviceMode: v.serviceMode as boolean,
  };
}
