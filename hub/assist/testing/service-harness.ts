// The assistance service without sockets: links that record what they are sent, a fake
// clock, and staff created in the test database (sessions reference them).
import { pino } from 'pino';
import type { Database } from '../../storage/queryable.js';
import type { HubMessage, Language, StaffRole, Topic } from '../../../protocol/assist-signaling.js';
import { DEFAULT_PRIORITY_POLICY } from '../queue/priority.js';
import { fixedGrace } from '../session/grace-policy.js';
import { AssistService } from '../signaling/assist-service.js';
import type { AnyLink, KioskLink, StaffLink } from '../signaling/peers.js';
import { DEFAULT_SLA_RULES, type SlaRule } from '../sla/sla-rules.js';
import { StaffAuth } from '../staff/staff-auth.node.js';
import { createAssistStore, type AssistStore } from '../storage/assist-store.js';
import { FakeClock } from './fake-clock.js';
import { createTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from './staff-fixtures.js';

type Of<T extends HubMessage['type']> = Extract<HubMessage, { type: T }>;

let connIds = 0;

export class FakeLink {
  readonly connId = ++connIds;
  readonly sent: HubMessage[] = [];
  closedWith: { code: number; reason: string } | undefined;

  constructor(readonly party: AnyLink['party']) {}

  send(message: HubMessage): void {
    this.sent.push(message);
  }

  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }

  all<T extends HubMessage['type']>(type: T): Of<T>[] {
    return this.sent.filter((m): m is Of<T> => m.type === type);
  }

  last<T extends HubMessage['type']>(type: T): Of<T> {
    const found = this.all(type).at(-1);
    if (!found) throw new Error(`no ${type} sent; got ${this.sent.map((m) => m.type).join(', ')}`);
    return found;
  }

  asKiosk(): KioskLink {
    return this as unknown as KioskLink;
  }

  asStaff(): StaffLink {
    return this as unknown as StaffLink;
  }
}

export interface Harness {
  clock: FakeClock;
  service: AssistService;
  store: AssistStore;
  auth: StaffAuth;
  kiosk(kioskId: string): FakeLink;
  staff(options?: StaffOptions): Promise<FakeLink>;
  reconnect(link: FakeLink): FakeLink;
  /** A kiosk with a fresh id, connected. */
  newKiosk(): FakeLink;
  /** Hands a message to the service as if it came from the link, then lets fan-out run. */
  send(link: FakeLink, message: object): Promise<void>;
  availableExpert(options?: StaffOptions): Promise<FakeLink>;
  /** A kiosk that asked for help and an expert who took it. */
  inCall(options?: StaffOptions): Promise<{ kiosk: FakeLink; expert: FakeLink; requestId: string; sessionId: string }>;
  /** The links' sockets closed. */
  disconnect(...links: FakeLink[]): void;
}

type StaffOptions = { role?: StaffRole; languages?: Language[]; topics?: Topic[] };

export const HELP = { type: 'help.request', language: 'zh-CN', topic: 'cards', flags: { vip: false, elderly: false, urgent: false }, journeyStep: 'home' } as const;

const asLink = (link: FakeLink): AnyLink => link as unknown as AnyLink;
let kioskCount = 0;

/** Lets the service's coalesced fan-out (a microtask) run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function createHarness(db: Database, options: { graceSec?: number; slaRules?: SlaRule[]; publishIntervalMs?: number } = {}): Promise<Harness> {
  const clock = new FakeClock();
  const store = await createAssistStore(db);
  const auth = new StaffAuth({ db, clock, sessionTtlSec: 3600, idleSec: 600, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
  const service = new AssistService({
    clock,
    store,
    logger: pino({ level: 'silent' }),
    priority: DEFAULT_PRIORITY_POLICY,
    slaRules: options.slaRules ?? DEFAULT_SLA_RULES,
    grace: fixedGrace(options.graceSec ?? 30),
    iceServers: (partyId) => [{ urls: ['turn:127.0.0.1:3478'], username: `9999:${partyId}`, credential: 'x' }],
    signDecision: (fields) => `signed:${fields.decisionId}`,
    // Every change published at once: tests read positions right after each step.
    publishIntervalMs: options.publishIntervalMs ?? 0,
  });
  const connectNew = (party: AnyLink['party']) => {
    const link = new FakeLink(party);
    service.connect(asLink(link));
    return link;
  };
  const staff = async (over: StaffOptions = {}) => {
    const { staff: profile } = await createTestStaff(auth, over);
    return connectNew({ kind: 'staff', profile, token: 'not-checked-here' });
  };
  const send = async (link: FakeLink, message: object) => {
    await service.handle(asLink(link), message as never);
    await settle();
  };
  const availableExpert = async (over: StaffOptions = {}) => {
    const expert = await staff(over);
    await send(expert, { type: 'availability', available: true });
    return expert;
  };
  const newKiosk = () => connectNew({ kind: 'kiosk', kioskId: `K-svc-${process.pid}-${++kioskCount}` });
  return {
    clock,
    service,
    store,
    auth,
    kiosk: (kioskId) => connectNew({ kind: 'kiosk', kioskId }),
    staff,
    reconnect: (link) => connectNew(link.party),
    newKiosk,
    send,
    availableExpert,
    inCall: async (over = {}) => {
      const kiosk = newKiosk();
      await send(kiosk, HELP);
      const expert = await availableExpert(over);
      const { requestId } = kiosk.last('queue.position');
      await send(expert, { type: 'accept', requestId });
      return { kiosk, expert, requestId, sessionId: kiosk.last('call.assigned').sessionId };
    },
    disconnect: (...links) => links.forEach((link) => service.disconnect(asLink(link))),
  };
}
