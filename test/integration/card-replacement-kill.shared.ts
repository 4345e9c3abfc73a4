// The devices the card-replacement kill test's hosts run (the killed one and its restart).
export const replacementKillDevices = [
  { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'simulated' } },
  { role: 'card', kind: 'card-reader', driver: 'msr-serial', transport: { type: 'simulated' } },
  { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', transport: { type: 'simulated' } },
  { role: 'dispenser', kind: 'card-dispenser', driver: 'dispenser-serial', transport: { type: 'simulated' } },
] as const;
