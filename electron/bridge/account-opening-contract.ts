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
import { faceCheckResultSchema } from '../../protocol/face-check.js';

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

/** Why the document on the reader could not be used; the customer is asked again. */
export const documentProblemSchema = z.enum(['unreadable', 'check-digits', 'not-supported', 'no-reader']);
export type DocumentProblem = z.infer<typeof documentProblemSchema>;

/**
 * The read fields, masked where a bystander could read them: the name keeps its first and
 * last character (张*明, ZHANG W***), the ID number its first 6 and last 4, the birth date its
 * year, the address its first 6 characters. Expiry and sex are shown as read.
 */
export const documentFieldsSchema = z
  .object({
    document: z.enum(['cn-id', 'passport']),
    name: z.string().min(1).max(80),
    idNumber: z.string().min(4).max(40),
    sex: z.enum(['F', 'M', 'X']),
    birthYear: z.number().int().min(1900).max(2100),
    /** ISO 3166-1 alpha-3 (CHN for a resident ID card). */
    nationality: z.string().regex(/^[A-Z]{3}$/),
    /** YYYY-MM-DD, or 'long-term' (长期). */
    validTo: z.string().regex(/^(\d{4}-\d{2}-\d{2}|long-term)$/),
    address: z.string().max(80).optional(),
  })
  .strict();
export type DocumentFields = z.infer<typeof documentFieldsSchema>;

/** An image as the page and host pass it: base64 of a JPEG or PNG, bounded. */
export const inlineImageSchema = z
  .object({
    mime: z.enum(['image/jpeg', 'image/png']),
    base64: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(400_000),
  })
  .strict();
export type InlineImage = z.infer<typeof inlineImageSchema>;

export const occupationSchema = z.enum(['employee', 'self-employed', 'civil-servant', 'student', 'retired', 'homemaker', 'unemployed', 'other']);
export const accountPurposeSchema = z.enum(['salary', 'savings', 'daily-payments', 'investment', 'business', 'other']);

/** Tax residency (CRS self-certification): China only, or also elsewhere with each country's taxpayer number. */
export const taxResidencySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cn-only') }).strict(),
  z
    .object({
      kind: z.literal('also-elsewhere'),
      countries: z
        .array(z.object({ country: z.string().regex(/^[A-Z]{3}$/), tin: z.string().regex(/^[A-Za-z0-9-]{1,30}$/) }).strict())
        .min(1)
        .max(5),
    })
    .strict(),
]);

export const kycAnswersSchema = z
  .object({
    occupation: occupationSchema,
    /** Free text only for 'other' (≤ 40 characters). */
    occupationOther: z.string().min(1).max(40).optional(),
    purpose: accountPurposeSchema,
    taxResidency: taxResidencySchema,
  })
  .strict()
  .refine((k) => (k.occupation === 'other') === (k.occupationOther !== undefined), { message: 'occupationOther is given exactly when occupation is other', path: ['occupationOther'] });
export type KycAnswers = z.infer<typeof kycAnswersSchema>;

/** The terms version the customer read and the boxes they ticked (each must be ticked). */
export const CONSENT_ITEMS = ['terms', 'privacy', 'identity-check'] as const;
export const consentSchema = z
  .object({
    version: z.string().regex(/^[a-z0-9.-]{1,32}$/),
    accepted: z.array(z.enum(CONSENT_ITEMS)).length(CONSENT_ITEMS.length),
    /** The signature drawn on the touch screen, as a PNG. */
    signature: inlineImageSchema,
  })
  .strict()
  .refine((c) => new Set(c.accepted).size === CONSENT_ITEMS.length, { message: 'every consent item is accepted once', path: ['accepted'] });
export type Consent = z.infer<typeof consentSchema>;

const maskedAccountSchema = z.string().regex(/^\d{4}\*{4,12}\d{4}$/);

export const accountOpeningStateSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('idle') }).strict(),
  /** Place the ID card on the reader (or a passport on the MRZ reader); `problem` after a failed read. */
  z.object({ phase: z.literal('document'), passportReader: z.boolean(), problem: documentProblemSchema.optional() }).strict(),
  z.object({ phase: z.literal('confirm'), fields: documentFieldsSchema }).strict(),
  /** The page runs the face check against `idPhoto`; `tries` checks already done. */
  z.object({ phase: z.literal('face'), idPhoto: inlineImageSchema, threshold: z.number().min(0).max(1), tries: z.number().int().min(0).max(9) }).strict(),
  z.object({ phase: z.literal('consent'), version: z.string() }).strict(),
  z.object({ phase: z.literal('kyc') }).strict(),
  z.object({ phase: z.literal('submitting') }).strict(),
  /**
   * Filed at the hub: the page calls an expert (assist topic 'account-opening') and, once in the
   * call, sends `authorization.request` { action 'account.open', authRequestId = applicationId }.
   * No expert in the call by `deadline` (epoch ms) → stopped 'no-expert'.
   */
  z.object({ phase: z.literal('approval'), applicationId: z.uuid(), summary: z.string().max(200), deadline: z.number().int() }).strict(),
  z.object({ phase: z.literal('opening') }).strict(),
  /** `cardOffer`: the kiosk can issue a debit card now (a dispenser with stock, the bank supports it). */
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
  /** The face step's answer; `livePhoto` when a check ran. A `needs-staff` outcome goes straight to the expert's approval. */
  'accountOpening.face': {
    input: z
      .object({
        outcome: z.discriminatedUnion('status', [
          z.object({ status: z.literal('checked'), result: faceCheckResultSchema, livePhoto: inlineImageSchema }).strict(),
          z.object({ status: z.literal('needs-staff'), reason: z.enum(['camera-denied', 'no-camera', 'too-many-tries', 'check-unavailable']) }).strict(),
        ]),
      })
      .strict(),
    output: accountOpeningStatusSchema,
  },
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
