// What the page sees of "Open an account" (issue 11): one host-run journey, like card
// replacement. The host reads the identity document (China ID card on the ID reader, or a
// passport's MRZ), checks it (check digits, expiry, age ≥ 16) and shows the customer masked
// fields to confirm; the page runs the face check against the card's photo (the camera is the
// page's) and hands the host its answer and the live photo; the customer reads and signs the
// terms, answers the KYC questions; the host files the application at the hub and the page
// puts the customer on video with an expert, who approves or declines it (the existing remote
// authorization, action `account.open`, authRequestId = applicationId). Approved → the host
// has the bank open the account and prints the welcome receipt.
//
// Personal data: the ID photo is in the `face` state only, the live photo and signature only in
// the requests that carry them; the host drops all of it when the journey ends. Nothing here
// holds a full ID number or passport number.
import { z } from 'zod';
import { consentSchema, documentFieldsSchema, documentProblemSchema, faceEvidenceSchema, inlineImageSchema, kycAnswersSchema, maskedAccountSchema } from '../../protocol/account-opening.js';

/** Why the journey ended without an account. */
export const accountOpeningStopSchema = z.enum([
  /** The customer pressed Cancel / Home. */
  'customer',
  /** Nobody touched the screen for the step's time. */
  'timeout',
  /** The document's validity date has passed. */
  'document-expired',
  /** Younger than 16: an account of one's own needs a guardian at the counter. */
  'under-age',
  /** The live face is not the card's holder, or no live person could be seen after the tries. */
  'face-check',
  /** The expert declined the application. */
  'declined',
  /** No expert answered within the SLA. */
  'no-expert',
  /** A device failed in a way the journey cannot go round (ID reader, camera, printer before the account is opened). */
  'device',
  /** The hub (and so the bank) could not be reached. */
  'hub-unreachable',
  /** The bank refused to open the account (the answer's code is in `declined`). */
  'bank-refused',
]);
export type AccountOpeningStop = z.infer<typeof accountOpeningStopSchema>;

export const accountOpeningStateSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('idle') }).strict(),
  /**
   * Place the ID card on the reader (or a passport on the MRZ reader); `problem` after a failed
   * read. The host itself checks expiry and age (≥ 16) on the kiosk's clock: stopped
   * 'document-expired' / 'under-age' right after the read, before anything is filed.
   */
  z.object({ phase: z.literal('document'), passportReader: z.boolean(), problem: documentProblemSchema.optional() }).strict(),
  z.object({ phase: z.literal('confirm'), fields: documentFieldsSchema }).strict(),
  /**
   * The page runs the face check against `idPhoto`; `tries` checks that did not match (3 → stopped
   * 'face-check'). Only when there is an ID photo: a passport (its chip is not read here) or a card
   * photo the kiosk cannot decode goes from `confirm` straight to `consent`, and the application
   * carries face evidence 'needs-staff' ('check-unavailable'): the expert checks the face on video.
   */
  z.object({ phase: z.literal('face'), idPhoto: inlineImageSchema, threshold: z.number().min(0).max(1), tries: z.number().int().min(0).max(9) }).strict(),
  z.object({ phase: z.literal('consent'), version: z.string() }).strict(),
  z.object({ phase: z.literal('kyc') }).strict(),
  z.object({ phase: z.literal('submitting') }).strict(),
  /**
   * Filed at the hub: the page calls an expert (assist.requestHelp, topic 'accounts', journeyStep
   * 'account-opening/approval') and, once in the call, sends `authorization.request` { action
   * 'account.open', authRequestId = applicationId }. The host learns the decision itself (the hub's
   * `authorization.decision`, and polling). No expert in a call by `deadline` (epoch ms) → stopped
   * 'no-expert' (an expert still in the call keeps it waiting, up to 15 minutes).
   */
  z.object({ phase: z.literal('approval'), applicationId: z.uuid(), summary: z.string().max(200), deadline: z.number().int() }).strict(),
  z.object({ phase: z.literal('opening') }).strict(),
  /**
   * `cardOffer`: the kiosk could issue a debit card now (a card dispenser with stock, not jammed).
   * Issuing it is card issuance's own journey, not built yet: the page may only say so.
   */
  z.object({ phase: z.literal('opened'), maskedAccount: maskedAccountSchema, reference: z.string().max(40), receipt: z.enum(['printing', 'printed', 'not-printed']), cardOffer: z.boolean() }).strict(),
  z.object({ phase: z.literal('stopped'), reason: accountOpeningStopSchema, declined: z.string().max(40).optional() }).strict(),
]);
export type AccountOpeningState = z.infer<typeof accountOpeningStateSchema>;
export type AccountOpeningPhase = AccountOpeningState['phase'];

export const accountOpeningStatusSchema = z.object({ seq: z.number().int().nonnegative(), state: accountOpeningStateSchema });
export type AccountOpeningStatus = z.infer<typeof accountOpeningStatusSchema>;

const empty = z.object({}).strict();

// Each request answers the journey's status at once; what follows (the document read, the
// hub's answers, the expert's decision) arrives as `accountOpening.state` events, newest seq wins.
export const accountOpeningRequests = {
  'accountOpening.status': { input: empty, output: accountOpeningStatusSchema },
  /** "Open an account" on Home; refused with OFFLINE_NOT_ALLOWED when the hub is away (Home greys the tile first). */
  'accountOpening.start': { input: empty, output: accountOpeningStatusSchema },
  /** The customer confirms the read fields are theirs. */
  'accountOpening.confirmDocument': { input: empty, output: accountOpeningStatusSchema },
  /** "Not me / read again": back to `document`. */
  'accountOpening.rereadDocument': { input: empty, output: accountOpeningStatusSchema },
  /** The face step's answer; `livePhoto` when a check ran. A `needs-staff` outcome goes on to consent and KYC, and the expert checks the face on video. */
  'accountOpening.face': { input: faceEvidenceSchema, output: accountOpeningStatusSchema },
  /** Refused with BAD_REQUEST when `version` is not the one the `consent` state named. */
  'accountOpening.consent': { input: consentSchema, output: accountOpeningStatusSchema },
  /** The KYC answers; files the application at the hub. The welcome receipt later prints in `locale`. */
  'accountOpening.kyc': { input: z.object({ answers: kycAnswersSchema, locale: z.enum(['zh-CN', 'en']) }).strict(), output: accountOpeningStatusSchema },
  /** The customer leaves; allowed until the bank is asked to open the account. */
  'accountOpening.cancel': { input: empty, output: accountOpeningStatusSchema },
  /** After `opened` or `stopped`: back to idle (drops every personal datum the host held). */
  'accountOpening.finish': { input: empty, output: accountOpeningStatusSchema },
} as const;

export const accountOpeningEvents = {
  'accountOpening.state': accountOpeningStatusSchema,
} as const;
