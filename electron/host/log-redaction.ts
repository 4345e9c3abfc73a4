// Keys whose values never reach a log line or a diagnostics archive: card data, personal
// data, transaction payloads and secrets. One list for the logger and for kioskctl diag.
export const REDACTED_KEYS = ['pan', 'track1', 'track2', 'track', 'cardNumber', 'cvv', 'pin', 'name', 'cardholder', 'idNumber', 'address', 'photo', 'payload', 'token', 'secret', 'surname', 'givenNames', 'documentNumber', 'birthDate', 'idPhoto', 'livePhoto', 'base64'];
