// Luhn (ISO/IEC 7812-1 Annex B) check digit over a PAN written as decimal digits. Shared by
// the card codecs, the outbox guard and the hub's data-channel guard (one implementation).
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnSum(digits, false) % 10 === 0;
}

/** The digit that makes `partial + digit` pass the Luhn check (for simulators and tests). */
export function luhnCheckDigit(partial: string): string {
  if (!/^\d+$/.test(partial)) throw new RangeError('luhnCheckDigit expects decimal digits');
  return String((10 - (luhnSum(partial, true) % 10)) % 10);
}

// Doubles every second digit counted from the right; `withCheck` says whether the rightmost
// digit still to come is the check digit (so the current rightmost one is doubled).
function luhnSum(digits: string, withCheck: boolean): number {
  let sum = 0;
  let double = withCheck;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}
