// AIM symbology identifiers (ISO/IEC 15424): ']' + code character + modifier, sent by most
// scanners in front of the data when enabled. The code character names the symbology.
const SYMBOLOGIES: Record<string, string> = {
  A: 'code39',
  C: 'code128',
  d: 'datamatrix',
  E: 'ean-upc',
  e: 'gs1-databar',
  F: 'codabar',
  G: 'code93',
  H: 'code11',
  I: 'itf',
  L: 'pdf417',
  M: 'msi',
  Q: 'qr',
  U: 'maxicode',
  X: 'other',
  z: 'aztec',
};

export function isAimId(s: string): boolean {
  return /^\][A-Za-z][0-9A-Za-z]$/.test(s);
}

/** 'qr' for ']Q1'; 'gs1-128' for ']C1' (Code 128 with FNC1 first); undefined for unknown ids. */
export function symbologyFromAim(aim: string): string | undefined {
  if (!isAimId(aim)) return undefined;
  if (aim === ']C1') return 'gs1-128';
  return SYMBOLOGIES[aim[1] ?? ''];
}
