// Account opening through the hub (protocol/account-opening.ts, issue 11): the kiosk files an
// application (personal data sealed at rest), an expert approves or declines it over video (the
// recorded, signed `account.open` decision moves it: account-application-queries.ts), and only
// an approved application that was not withdrawn is opened — through the adapter, once: the
// hub claims the opening before it asks the bank, and the adapter is idempotent on the id too.
import type { Logger } from 'pino';
import {
  openAccountResponseSchema,
  staffApplicationViewSchema,
  type ApplicationRefusal,
  type ApplicationStatusResponse,
  type FileApplicationRequest,
  type FileApplicationResponse,
  type OpenAccountResponse,
  type StaffApplicationView,
} from '../../protocol/account-opening.js';
import { ageOn, dayOf, isExpiredOn, oldEnoughOn } from '../../protocol/document-dates.js';
import type { HubSecretKey } from '../auth/hub-secret-key.node.js';
import type { Queryable } from '../storage/queryable.js';
import * as q from './account-application-queries.js';
import { checked } from './adapter-answers.js';
import { openApplication, sealApplication } from './application-seal.node.js';
import type { CoreBankingAdapter } from './core-banking-adapter.js';
import { IdempotencyInProgressError } from './idempotency-store.js';

/** A claim on an opening older than this is taken to be a dead hub instance's. */
const OPEN_CLAIM_MS = 60_000;
/** A first card is issued while the customer who opened the account is still at the kiosk. */
const FIRST_CARD_WITHIN_MS = 60 * 60_000;

const [openedSchema] = openAccountResponseSchema.options;

const refused = (reason: ApplicationRefusal) => ({ outcome: 'refused' as const, reason });

export interface AccountOpeningDeps {
  db: Queryable;
  adapter: CoreBankingAdapter;
  secretKey: HubSecretKey;
  logger: Logger;
  now?: () => number;
  /** The bank's time zone for ages and validity dates. */
  timeZone?: string;
}

export class AccountOpening {
  private readonly now: () => number;

  constructor(private readonly deps: AccountOpeningDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Whether this bank opens accounts at kiosks at all. */
  get offered(): boolean {
    return typeof this.deps.adapter.openAccount === 'function';
  }

  private today(): string {
    return dayOf(new Date(this.now()), this.deps.timeZone ?? 'Asia/Shanghai');
  }

  /** Idempotent on the application id: a second filing answers the first. */
  async file(request: FileApplicationRequest): Promise<FileApplicationResponse> {
    const { db, secretKey, logger } = this.deps;
    const { kioskId, applicationId, document } = request;
    const existing = await q.applicationById(db, applicationId);
    if (existing) return existing.kioskId === kioskId ? { outcome: 'filed', applicationId } : refused('unknown-application');
    const today = this.today();
    if (isExpiredOn(document.validTo, today)) return this.refuseFiling(kioskId, applicationId, 'document-expired');
    if (!oldEnoughOn(document.birthDate, today)) return this.refuseFiling(kioskId, applicationId, 'under-age');
    const sealed = sealApplication(secretKey, applicationId, { document, ...(request.idPhoto ? { idPhoto: request.idPhoto } : {}), face: request.face, consent: request.consent, kyc: request.kyc });
    const inserted = await q.insertApplication(db, { applicationId, kioskId, documentKind: document.kind, locale: request.locale, sealed, filedAt: new Date(this.now()) });
    if (!inserted) {
      // Filed concurrently by the same call's retry.
      const first = await q.applicationById(db, applicationId);
      return first?.kioskId === kioskId ? { outcome: 'filed', applicationId } : refused('unknown-application');
    }
    // Ids, the document's kind and the face outcome only: never a name, number or photo.
    logger.info({ kioskId, applicationId, document: document.kind, face: request.face.outcome }, 'banking: account application filed');
    return { outcome: 'filed', applicationId };
  }

  private refuseFiling(kioskId: string, applicationId: string, reason: ApplicationRefusal): FileApplicationResponse {
    this.deps.logger.info({ kioskId, applicationId, refused: reason }, 'banking: account application refused');
    return refused(reason);
  }

  async status(kioskId: string, applicationId: string): Promise<ApplicationStatusResponse> {
    const row = await q.applicationById(this.deps.db, applicationId);
    if (row?.kioskId !== kioskId) return refused('unknown-application');
    return { outcome: 'ok', status: row.status, ...(row.decision ? { decision: row.decision } : {}) };
  }

  /**
   * For a first debit card (card-replacement-service.ts): the account this application opened, if
   * this kiosk filed it within the hour — the customer is still at the kiosk. Null otherwise.
   */
  async openedAccount(kioskId: string, applicationId: string): Promise<{ accountId: string } | null> {
    const row = await q.applicationById(this.deps.db, applicationId);
    if (row?.kioskId !== kioskId || row.status !== 'opened' || !row.opened) return null;
    if (this.now() - Date.parse(row.filedAt) > FIRST_CARD_WITHIN_MS) return null;
    return { accountId: row.opened.accountId };
  }

  /** The kiosk gave up on it: filed or approved → withdrawn (not while the bank is opening it). Answers the status after. */
  async withdraw(kioskId: string, applicationId: string, reason: string): Promise<ApplicationStatusResponse> {
    const at = this.now();
    await q.withdrawApplication(this.deps.db, applicationId, kioskId, reason, new Date(at), new Date(at - OPEN_CLAIM_MS));
    const answer = await this.status(kioskId, applicationId);
    this.deps.logger.info({ kioskId, applicationId, reason, status: answer.outcome === 'ok' ? answer.status : answer.reason }, 'banking: account application withdrawn');
    return answer;
  }

  async open(kioskId: string, applicationId: string): Promise<OpenAccountResponse> {
    const { db, adapter, secretKey, logger } = this.deps;
    const openAccount = adapter.openAccount?.bind(adapter);
    if (!openAccount) return refused('not-supported');
    const row = await q.applicationById(db, applicationId);
    if (row?.kioskId !== kioskId) return refused('unknown-application');
    const answered = this.answerOf(row);
    if (answered) return answered;
    const at = this.now();
    if (!(await q.claimOpening(db, applicationId, new Date(at), new Date(at - OPEN_CLAIM_MS)))) {
      // Moved meanwhile (withdrawn, opened by the other call), or another call is asking the bank now.
      const now = await q.applicationById(db, applicationId);
      const after = now && this.answerOf(now);
      if (after) return after;
      throw new IdempotencyInProgressError(applicationId);
    }
    const decision = row.decision;
    if (!decision) throw new Error('an approved application without its decision');
    const personal = openApplication(secretKey, applicationId, row.sealed);
    let result;
    try {
      result = await openAccount({ kioskId, branchId: row.branchId, applicationId, document: personal.document, kyc: personal.kyc, consentVersion: personal.consent.version, locale: row.locale, decisionId: decision.decisionId });
    } catch (error) {
      // The bank did not answer: the next call asks again (the adapter answers a replay with the same account).
      await q.releaseOpening(db, applicationId);
      throw error;
    }
    if (result.outcome === 'refused') {
      await q.releaseOpening(db, applicationId);
      logger.info({ kioskId, applicationId, refused: result.reason }, 'banking: account not opened');
      return checked(openAccountResponseSchema, result, 'an account opening');
    }
    const answer = checked(openedSchema, { ...result, decision }, 'an account opening');
    await q.markOpened(db, applicationId, { accountId: answer.accountId, maskedAccount: answer.maskedAccount, reference: answer.reference }, new Date(this.now()));
    logger.info({ kioskId, applicationId, reference: answer.reference, account: answer.maskedAccount }, 'banking: account opened');
    return answer;
  }

  // What an application's state answers by itself, or null when the bank is to be asked.
  private answerOf(row: q.ApplicationRow): OpenAccountResponse | null {
    switch (row.status) {
      case 'filed':
        return refused('not-approved');
      case 'declined':
        return refused('declined');
      case 'withdrawn':
        return refused('withdrawn');
      case 'opened':
        return row.opened && row.decision ? { outcome: 'opened', ...row.opened, decision: row.decision } : null;
      case 'approved':
        return row.decision?.decision === 'approve' ? null : refused('not-approved');
    }
  }

  /** The application as the expert sees it; every view is recorded with who looked. Null: no such application. */
  async staffView(applicationId: string, staffId: string): Promise<StaffApplicationView | null> {
    const { db, secretKey, logger } = this.deps;
    const row = await q.applicationById(db, applicationId);
    if (!row) return null;
    const personal = openApplication(secretKey, applicationId, row.sealed);
    await q.recordView(db, applicationId, staffId, new Date(this.now()));
    logger.info({ applicationId, staffId }, 'banking: account application viewed');
    return staffApplicationViewSchema.parse({
      applicationId,
      kioskId: row.kioskId,
      branchId: row.branchId,
      filedAt: row.filedAt,
      status: row.status,
      document: personal.document,
      age: Math.max(0, ageOn(personal.document.birthDate, dayOf(new Date(row.filedAt), this.deps.timeZone ?? 'Asia/Shanghai'))),
      ...(personal.idPhoto ? { idPhoto: personal.idPhoto } : {}),
      face: personal.face,
      consent: personal.consent,
      kyc: personal.kyc,
      ...(row.decision ? { decision: row.decision } : {}),
    });
  }
}
