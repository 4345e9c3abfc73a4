// PC/SC part 3 gives contactless cards a constructed ATR: 3B 8n 80 01 … (TD1 → TD2 → T=1,
// no interface bytes), which is how a PC/SC driver tells a tapped card from an inserted one.
export function isContactlessAtr(atr: Uint8Array | undefined): boolean {
  if (!atr || atr.length < 5) return false;
  return atr[0] === 0x3b && ((atr[1] ?? 0) & 0xf0) === 0x80 && atr[2] === 0x80 && atr[3] === 0x01;
}
