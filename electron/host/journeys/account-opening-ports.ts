// What the account-opening journey (issue 11) needs from the world, as narrow ports so the
// machine is tested with fakes: the hub's application routes, the ID readers (the document's full
// fields and its photo, held in memory for the filing only), the expert's decision as the
// signaling socket brings it, the outbox row that says how far the application got, the welcome
// receipt, and whether a debit card could be issued now.
import type {
  ApplicationStatusResponse,
  DocumentProblem,
  DocumentRead,
  FileApplicationRequest,
  FileApplicationResponse,
  InlineImage,
  OpenAccountResponse,
  WithdrawReason,
} from '../../../protocol/account-opening.js';
import type { ApplicationProgress } from '../outbox-rows.js';

export interface AccountOpeningBankPort {
  fileApplication(request: Omit<FileApplicationRequest, 'kioskId'>): Promise<FileApplicationResponse>;
  applicationStatus(applicationId: string): Promise<ApplicationStatusResponse>;
  withdrawApplication(applicationId: string, reason: WithdrawReason): Promise<ApplicationStatusResponse>;
  openAccount(applicationId: string): Promise<OpenAccountResponse>;
}

/** A document read from the reader: its full fields and its chip photo (null: none, or not decodable here). */
export type DocumentReading = { outcome: 'read'; document: DocumentRead; photo: InlineImage | null } | { outcome: 'problem'; problem: DocumentProblem };

export interface DocumentPort {
  /** Whether a passport (MRZ) reader is there, beside the ID card reader. */
  hasPassportReader(): boolean;
  /** Whether any ID or passport reader can read now. */
  hasReader(): boolean;
  /** The next document placed on any reader (or the next failed read). */
  next(signal: AbortSignal): Promise<DocumentReading>;
}

/** The expert's decision as the hub forwards it on the signaling socket (`authorization.decision`). */
export interface PushedDecision {
  authRequestId: string;
  action: string;
  decisionId: string;
  decision: 'approve' | 'decline';
  decidedAt: string;
  signature: string;
}

export interface ExpertPort {
  /** The customer is in a video call with an expert now (the deadline waits while they talk). */
  inCall(): boolean;
  onDecision(cb: (decision: PushedDecision) => void): () => void;
}

export type { ApplicationProgress };

export interface ApplicationBook {
  /** Booked before the hub sees the application: its id is the application id. */
  book(row: { document: 'cn-id' | 'passport'; face: 'checked' | 'needs-staff' }): Promise<{ id: string }>;
  keep(id: string, progress: ApplicationProgress): Promise<void>;
}

export interface WelcomeReceiptPort {
  print(receipt: { maskedAccount: string; reference: string; at: Date }): Promise<boolean>;
}

/** Whether a debit card can be issued at this kiosk now (a dispenser with stock). */
export interface CardOfferPort {
  /** Whether a first debit card can be issued now for the account `applicationId` opened; when so it is put on offer for this session. */
  available(applicationId: string): Promise<boolean>;
}
