// Ticket numbers must never collide between kiosks of one branch while offline, so each
// number carries the kiosk's own prefix: service letter + kiosk digits + daily counter.
export function formatTicketNumber(servicePrefix: string, kioskPrefix: string, counter: number): string {
  return `${servicePrefix}${kioskPrefix}${String(counter).padStart(3, '0')}`;
}

/** The kiosk's local calendar day; counters restart each business day. */
export function businessDate(at: Date): string {
  const y = at.getFullYear();
  const m = String(at.getMonth() + 1).padStart(2, '0');
  const d = String(at.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
