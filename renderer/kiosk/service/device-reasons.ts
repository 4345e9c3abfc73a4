// Device health reasons (drivers' codes) → the few the customer and technician screens say in
// words (outOfService.reasons.*); anything else is "device not ready".
const knownReasons = ['paper-out', 'cover-open', 'offline', 'error', 'not-configured'] as const;
type ReasonKey = (typeof knownReasons)[number] | 'other';

export function reasonKey(reason: string): ReasonKey {
  if ((knownReasons as readonly string[]).includes(reason)) return reason as ReasonKey;
  if (reason === 'disconnected' || reason === 'no-response' || reason === 'printer-offline' || reason === 'not-opened') return 'offline';
  if (reason.endsWith('-error') || reason === 'jam') return 'error';
  return 'other';
}
