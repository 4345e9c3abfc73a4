import { describe, expect, it } from 'vitest';
import { displayCardholderName, parseCardholderName } from './name.js';

describe('cardholder name display string', () => {
  it.each([
    ['DOE/JOHN', 'JOHN DOE'],
    ['DOE/JOHN A.MR', 'MR JOHN A DOE'],
    ['DOE/JOHN  ', 'JOHN DOE'],
    ['VAN DER BERG/ANNA  MARIA', 'ANNA MARIA VAN DER BERG'],
    ['DOE/', 'DOE'],
    ['DOE', 'DOE'],
    ['/JOHN', 'JOHN'],
  ])('%s → %s', (raw, display) => {
    const name = parseCardholderName(raw);
    if (!name) throw new Error('no name');
    expect(displayCardholderName(name)).toBe(display);
  });
});
