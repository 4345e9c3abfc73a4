// The receipt document model: what to print, independent of the printer's command dialect.
// The host builds it (e.g. electron/host/ticket-receipt.ts); a dialect encoder turns it into
// bytes. The zod schema lets the bridge validate documents that come from the page.
import { z } from 'zod';

export type Align = 'left' | 'center' | 'right';
/** double-height = 1×2, double = 2×2, quad = 4×4 (the queue number on a ticket). */
export type TextSize = 'normal' | 'double-height' | 'double' | 'quad';
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export interface TextBlock {
  kind: 'text';
  /** May contain '\n'; other control characters are dropped by the encoder. */
  text: string;
  align?: Align;
  bold?: boolean;
  size?: TextSize;
}
export interface QrBlock {
  kind: 'qr';
  data: string;
  /** Module size in dots, 1..16 (default 6). */
  size?: number;
  errorCorrection?: QrErrorCorrection;
  align?: Align;
}
export interface FeedBlock {
  kind: 'feed';
  lines: number;
}
export interface RuleBlock {
  kind: 'rule';
}
export interface CutBlock {
  kind: 'cut';
  partial?: boolean;
}

export type ReceiptBlock = TextBlock | QrBlock | FeedBlock | RuleBlock | CutBlock;

export interface ReceiptDocument {
  blocks: ReceiptBlock[];
}

const align = z.enum(['left', 'center', 'right']);

export const receiptDocumentSchema = z.object({
  blocks: z.array(
    z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('text'),
        text: z.string().max(4096),
        align: align.optional(),
        bold: z.boolean().optional(),
        size: z.enum(['normal', 'double-height', 'double', 'quad']).optional(),
      }),
      z.object({
        kind: z.literal('qr'),
        data: z.string().min(1).max(7089),
        size: z.number().int().min(1).max(16).optional(),
        errorCorrection: z.enum(['L', 'M', 'Q', 'H']).optional(),
        align: align.optional(),
      }),
      z.object({ kind: z.literal('feed'), lines: z.number().int().min(0).max(255) }),
      z.object({ kind: z.literal('rule') }),
      z.object({ kind: z.literal('cut'), partial: z.boolean().optional() }),
    ]),
  ),
}) satisfies z.ZodType<ReceiptDocument>;
