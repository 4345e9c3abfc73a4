// Account opening at the kiosk (issue 11), between the kiosk and the hub. The kiosk files an
// application (the document as read, its photo, the face check with the live photo, the signed
// consent, the KYC answers); an expert looks at it in a video call and approves or declines it
// through the existing remote authorization (`authorization.decide`, action `account.open`,
// authRequestId = applicationId), which the hub records and signs; only then may the kiosk ask
// the hub to open the account, and the hub opens it through the core-banking adapter, once per
// application. A kiosk that gives up (customer left, no expert in time, host restarted)
// withdraws the application, so that no later approval opens an account nobody is there for.
//
// The application is the only place ID numbers and photos go to the hub; nothing here is logged.
import { z } from 'zod';
import { faceCheckResultSchema } from './face-check.js';
import { kioskIdSchema } from './hub-api.js';

export const ACCOUNT_OPENING_PATHS = {
  applications: '/v1/banking/account-applications',
  status: '/v1/banking/account-applications/status',
  open: '/v1/banking/account-applications/open',
  withdraw: '/v1/banking/account-applications/withdraw',
  /** Staff (expert, supervisor): GET …/:applicationId — the application as the expert sees it. */
  staffView: '/v1/staff/account-applications',
} as const;

/**
 * The filing route's body limit (the hub's default is MAX_BODY_BYTES, 1 MiB): up to three
 * images of 400,000 base64 characters each (ID photo, live photo, signature) and the fields.
 */
export const ACCOUNT_APPLICATION_MAX_BODY_BYTES = 1_536 * 1024;

export { ACCOUNT_OPEN_ACTION } from './account-opening-action.js';

/** Youngest age for an account of one's own (younger: with a guardian at the counter). */
export const MIN_ACCOUNT_AGE = 16;

export const maskedAccountSchema = z.string().regex(/^\d{4}\*{4,12}\d{4}$/);

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


/** The document as read, in full: only inside the application (hub-bound), never on screen or in a log. */
export const documentReadSchema = z
  .object({
    kind: z.enum(['cn-id', 'passport']),
    name: z.string().min(1).max(80),
    /** China ID number (18 characters) or passport number. */
    idNumber: z.string().regex(/^[A-Z0-9<]{5,20}$/),
    sex: z.enum(['F', 'M', 'X']),
    birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    nationality: z.string().regex(/^[A-Z]{3}$/),
    validTo: z.string().regex(/^(\d{4}-\d{2}-\d{2}|long-term)$/),
    address: z.string().max(120).optional(),
    /** Issuing authority (签发机关) or issuing state. */
    issuer: z.string().max(60).optional(),
  })
  .strict();
export type DocumentRead = z.infer<typeof documentReadSchema>;

export const faceEvidenceSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('checked'), result: faceCheckResultSchema, livePhoto: inlineImageSchema }).strict(),
  /** The face step could not finish (no camera, too many tries…): the expert checks the face on video. */
  z.object({ outcome: z.literal('needs-staff'), reason: z.enum(['camera-denied', 'no-camera', 'too-many-tries', 'check-unavailable']) }).strict(),
]);
export type FaceEvidence = z.infer<typeof faceEvidenceSchema>;

const applicationIdSchema = z.uuid();

export const fileApplicationRequestSchema = z
  .object({
    kioskId: kioskIdSchema,
    /** The kiosk's outbox row id; also the remote authorization's authRequestId. Filing twice answers the first filing. */
    applicationId: applicationIdSchema,
    document: documentReadSchema,
    /** The document's own photo (a China ID card's chip); absent for a passport read by its MRZ only. */
    idPhoto: inlineImageSchema.optional(),
    face: faceEvidenceSchema,
    consent: consentSchema,
    kyc: kycAnswersSchema,
    locale: z.enum(['zh-CN', 'en']),
  })
  .strict();
export type FileApplicationRequest = z.infer<typeof fileApplicationRequestSchema>;

/** Why the hub or the bank will not take or open an application. */
export const applicationRefusalSchema = z.enum(['under-age', 'document-expired', 'already-customer', 'not-approved', 'declined', 'withdrawn', 'unknown-application', 'not-supported']);
export type ApplicationRefusal = z.infer<typeof applicationRefusalSchema>;

export const refusedSchema = z.object({ outcome: z.literal('refused'), reason: applicationRefusalSchema }).strict();

export const fileApplicationResponseSchema = z.union([z.object({ outcome: z.literal('filed'), applicationId: applicationIdSchema }).strict(), refusedSchema]);
export type FileApplicationResponse = z.infer<typeof fileApplicationResponseSchema>;

export const applicationStatusSchema = z.enum(['filed', 'approved', 'declined', 'opened', 'withdrawn']);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

/** The expert's decision as the hub recorded and signed it (hub/assist/decision-signer). */
export const signedDecisionSchema = z
  .object({ decisionId: z.uuid(), decision: z.enum(['approve', 'decline']), decidedAt: z.string().max(40), signature: z.string().min(1).max(200) })
  .strict();
export type SignedDecision = z.infer<typeof signedDecisionSchema>;

export const applicationRefRequestSchema = z.object({ kioskId: kioskIdSchema, applicationId: applicationIdSchema }).strict();
export const applicationStatusResponseSchema = z.union([
  z.object({ outcome: z.literal('ok'), status: applicationStatusSchema, decision: signedDecisionSchema.optional() }).strict(),
  refusedSchema,
]);
export type ApplicationStatusResponse = z.infer<typeof applicationStatusResponseSchema>;

export const withdrawReasonSchema = z.enum(['customer', 'timeout', 'no-expert', 'face-check', 'device', 'host-restart']);
export type WithdrawReason = z.infer<typeof withdrawReasonSchema>;

/** Answered with the application's status after it (applicationStatusResponseSchema). */
export const withdrawApplicationRequestSchema = z.object({ kioskId: kioskIdSchema, applicationId: applicationIdSchema, reason: withdrawReasonSchema }).strict();

export const openAccountResponseSchema = z.union([
  z
    .object({
      outcome: z.literal('opened'),
      accountId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
      maskedAccount: maskedAccountSchema,
      /** On the welcome receipt; bank and kiosk agree on it. */
      reference: z.string().regex(/^[A-Z0-9-]{6,40}$/),
      decision: signedDecisionSchema,
    })
    .strict(),
  refusedSchema,
]);
export type OpenAccountResponse = z.infer<typeof openAccountResponseSchema>;

/** What the expert sees of an application (staff route; the hub audits every view). */
export const staffApplicationViewSchema = z
  .object({
    applicationId: applicationIdSchema,
    kioskId: kioskIdSchema,
    branchId: z.string().max(64),
    filedAt: z.string().max(40),
    status: applicationStatusSchema,
    document: documentReadSchema,
    /** Age in whole years on the day it was filed. */
    age: z.number().int().min(0).max(150),
    /** Absent for a passport read by its MRZ only: the expert compares the face on video. */
    idPhoto: inlineImageSchema.optional(),
    face: faceEvidenceSchema,
    consent: z.object({ version: z.string(), accepted: z.array(z.string()), signature: inlineImageSchema }).strict(),
    kyc: kycAnswersSchema,
    decision: signedDecisionSchema.optional(),
  })
  .strict();
export type StaffApplicationView = z.infer<typeof staffApplicationViewSchema>;
