// What the bill-payment kill test and its child process agree on: the cases (which kiosk stops
// where, paying which bill), the devices each host runs, and the child's report.
import { z } from 'zod';

export const killCaseSchema = z
  .object({
    kioskId: z.string().min(1),
    dataDir: z.string().min(1),
    /** pin: the PIN pad waits; review: authorised, not confirmed; paying: the payment call in flight; printing: approved, receipt in the printer. */
    stopAt: z.enum(['pin', 'review', 'paying', 'printing']),
    billerId: z.string(),
    reference: z.string(),
  })
  .strict();
export type KillCase = z.infer<typeof killCaseSchema>;
export const killCasesSchema = z.array(killCaseSchema).min(1);

export interface KilledKiosk {
  kioskId: string;
  /** The killed host's device worker, which must not outlive it. */
  workerPid: number | null;
  /** The worker's handle on the swiped card. */
  cardRef: string | null;
}

export const simulatedDevices = [
  { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'simulated' } },
  { role: 'card', kind: 'card-reader', driver: 'msr-serial', transport: { type: 'simulated' } },
  { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', transport: { type: 'simulated' } },
] as const;
