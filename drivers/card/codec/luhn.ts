// Re-exported from protocol/: the hub and the host check card numbers with the same code.
export { luhnCheckDigit, luhnValid } from '../../../protocol/luhn.js';
