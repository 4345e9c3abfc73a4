// Owns the kiosk's devices: starts the device worker that runs the drivers, starts protocol
// simulators for roles configured as `simulated`, reopens a device with backoff after an
// unplug, and publishes health over the bridge.
import type { DeviceHealth } from '../bridge/contract.js';
import type { EventBus } from '../bridge/event-bus.js';
import type { PrintResult, ReceiptDocument } from '../../drivers/escpos/index.js';
import type { EscPosSimulator } from '../../drivers/escpos/simulator.node.js';
import { pinBlockSchema, type CardKey, type PinBlock } from '../../protocol/card-security.js';
import { loadedKeySchema, type ReadPinArgs } from './devices/pin-pad-handle.js';
import { dispensedCardSchema, dispenserStatusSchema, takeResultSchema, type DispensedCard, type DispenserMethod, type DispenserStatus, type TakeResult } from './devices/dispenser-handle.js';
import { startSimulator, type RunningSimulator } from './devices/simulator-registry.node.js';
import type { DeviceConfig } from './devices/device-config.js';
import { DeviceCallError } from './devices/device-handle.js';
import { heldDocumentSchema, type HeldDocument } from './devices/held-document.js';
import { deviceKey, watchDevices } from './devices/discovery.node.js';
import { nodeWorkerLauncher, type WorkerLauncher } from './devices/worker-launcher.node.js';
import { WorkerSupervisor } from './devices/worker-supervisor.node.js';
import type { WorkerHealth } from './devices/worker-protocol.js';
import type { HostLogger } from './log.node.js';

const MAX_BACKOFF_MS = 30_000;
const HISTORY_LIMIT = 500;

export interface DeviceOpenError {
  code: string;
  message: string;
  osCode?: string;
  at: string;
}

export interface DeviceManagerOptions {
  launch?: WorkerLauncher;
  startTimeoutMs?: number;
  /** Hot-plug poll of serial and HID devices; 0 turns it off. */
  hotplugPollMs?: number;
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  /** The kiosk a simulated device stands in for (a simulated PIN pad's key ceremony). */
  kioskId?: string;
}

interface RoleState {
  config: DeviceConfig;
  health: DeviceHealth;
  /** Why the last open or reopen failed, with the OS error code when there was one. */
  lastError: DeviceOpenError | null;
  where: string;
  backoffMs: number;
  reopenTimer: ReturnType<typeof setTimeout> | null;
}

/**
 * Devices whose reads leave the worker sealed to the hub's card-data key: cards, ID cards
 * (statements by ID card), and the card dispenser's chip read of a card it issues.
 */
const SEALING_KINDS: ReadonlySet<DeviceConfig['kind']> = new Set(['card-reader', 'id-reader', 'card-dispenser']);
/** Devices whose card reads the worker's card vault holds by reference (release-card). */
const CARD_HOLDING_KINDS: ReadonlySet<DeviceConfig['kind']> = new Set(['card-reader', 'card-dispenser']);

export class DeviceManager {
  private readonly roles = new Map<string, RoleState>();
  private readonly simulators = new Map<string, RunningSimulator>();
  private readonly deviceEventListeners = new Set<(e: { role: string; name: string; payload: unknown }) => void>();
  private readonly supervisor: WorkerSupervisor;
  private closed = false;
  private readonly startTimeoutMs: number;
  private readonly hotplugPollMs: number;
  private stopWatch: (() => void) | null = null;
  private discoveryProblem: string | null = null;
  /** The hub's card-data key, handed to every card reader and dispenser (again after a reopen or restart). */
  private cardKey: CardKey | null = null;
  /** Health changes of every role, oldest first, bounded: for `kioskctl diag`. */
  private readonly history: DeviceHealth[] = [];

  private readonly kioskId: string | undefined;
  private pinKey: { keyId: string; kcv: string } | null = null;

  constructor(
    devices: readonly DeviceConfig[],
    private readonly events: EventBus,
    private readonly log: HostLogger,
    opts: DeviceManagerOptions = {},
  ) {
    this.startTimeoutMs = opts.startTimeoutMs ?? 15_000;
    this.kioskId = opts.kioskId;
    this.hotplugPollMs = opts.hotplugPollMs ?? 2_000;
    const since = new Date().toISOString();
    for (const config of devices) {
      this.roles.set(config.role, { config, lastError: null, where: '', backoffMs: 1_000, reopenTimer: null, health: { role: config.role, kind: config.kind, state: 'offline', reason: 'not-opened', since } });
    }
    this.supervisor = new WorkerSupervisor({
      launch: opts.launch ?? nodeWorkerLauncher(),
      log: log.child({ svc: 'devices' }),
      heartbeatMs: opts.heartbeatMs,
      heartbeatTimeoutMs: opts.heartbeatTimeoutMs,
      onHealth: (role, health) => this.onHealth(role, health),
      onEvent: (role, name, payload) => {
        this.log.info({ role, event: name }, 'device event');
        for (const cb of this.deviceEventListeners) cb({ role, name, payload });
      },
    });
  }

  /** A newly plugged-in device is a reason to retry offline roles now, not at their backoff. */
  retryOfflineNow(): void {
    for (const state of this.roles.values()) {
      if (state.health.state !== 'offline' || !state.reopenTimer) continue;
      clearTimeout(state.reopenTimer);
      state.reopenTimer = null;
      state.backoffMs = 1_000;
      this.scheduleReopen(state, 0);
    }
  }

  async start(): Promise<void> {
    // A host whose device start was deferred (startDevicesAfter) may be closed before it comes.
    if (this.closed) return;
    if (this.hotplugPollMs > 0) {
      this.stopWatch = watchDevices(
        ({ added, removed }) => {
          this.log.info({ added: added.map(deviceKey), removed: removed.map(deviceKey) }, 'devices plugged or unplugged');
          if (added.length > 0) this.retryOfflineNow();
        },
        {
          intervalMs: this.hotplugPollMs,
          // Said once per change: a kiosk without udev would otherwise log it every 2 s.
          onProblem: (problem) => {
            this.discoveryProblem = problem;
            if (problem) this.log.warn({ problem }, 'device discovery: hot-plug is not seen; offline devices are retried on their backoff only');
            else this.log.info('device discovery works again');
          },
        },
      );
    }
    const resolved: DeviceConfig[] = [];
    for (const state of this.roles.values()) resolved.push(await this.resolve(state));
    // Closed while the simulators were starting (a host that starts devices in the background
    // and is stopped at once): no worker may be spawned after close().
    if (this.closed) {
      await Promise.allSettled([...this.simulators.values()].map((sim) => sim.close()));
      return;
    }
    // The kiosk must come up even when the device worker cannot: devices then show offline
    // and the supervisor keeps restarting the worker in the background.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.startTimeoutMs);
      // Only a wait: it must not hold a stopping process open.
      timer.unref?.();
    });
    const started = await Promise.race([this.supervisor.start(resolved), timeout]);
    clearTimeout(timer);
    if (!started) {
      if (this.closed) return;
      this.log.error({ waitedMs: this.startTimeoutMs }, 'device worker did not start in time; devices stay offline until it does');
      return;
    }
    for (const f of started.failed) {
      this.log.warn({ role: f.role, code: f.error.code, osCode: f.error.osCode, err: f.error.message }, 'device did not open');
      const state = this.roles.get(f.role);
      if (state) state.lastError = { ...f.error, at: new Date().toISOString() };
      if (state && f.error.code !== 'UNKNOWN_DRIVER' && f.error.code !== 'CONFIG') this.scheduleReopen(state);
    }
  }

  /** Prints on a receipt-printer role; rejects with DeviceCallError (code from the driver). */
  async print(role: string, doc: ReceiptDocument): Promise<PrintResult> {
    if (this.roles.get(role)?.config.kind !== 'receipt-printer') throw new DeviceCallError('NO_DEVICE', `no receipt printer with role ${role}`);
    return (await this.supervisor.call(role, 'print', doc, 90_000)) as PrintResult;
  }

  /**
   * Card reads leave the worker sealed to this key from now on (the hub's card-data key,
   * protocol/card-security.ts). Readers that are down get it when they come back.
   */
  async setCardKey(key: CardKey): Promise<void> {
    this.cardKey = key;
    await Promise.all([...this.roles.values()].filter((s) => SEALING_KINDS.has(s.config.kind)).map((s) => this.sendCardKey(s.config.role)));
  }

  /**
   * A PIN entry on the PIN pad, bound to a card the worker holds (`cardRef` from its 'card'
   * event). `onDigits` gets the count typed so far, never a digit. Rejects with
   * DeviceCallError: PIN_CANCELLED, PIN_TIMEOUT, CARD_GONE, KEY_NOT_FOUND, NO_RESPONSE, …
   */
  async readPin(args: ReadPinArgs, opts: { role?: string; onDigits?: (count: number) => void } = {}): Promise<PinBlock> {
    const role = opts.role ?? this.roleOf('pin-pad');
    if (!role || this.roles.get(role)?.config.kind !== 'pin-pad') throw new DeviceCallError('NO_DEVICE', `no PIN pad${opts.role ? ` with role ${opts.role}` : ''}`);
    const off = this.onDeviceEvent((e) => {
      const digits = (e.payload as { digits?: unknown } | null)?.digits;
      if (e.role === role && e.name === 'pin-entry' && typeof digits === 'number') opts.onDigits?.(digits);
    });
    try {
      return pinBlockSchema.parse(await this.supervisor.call(role, 'read-pin', args, args.timeoutMs + 15_000));
    } finally {
      off();
    }
  }

  /**
   * Loads a PIN working key into the pad (a TR-31 key block under its TMK, from the hub). From
   * then on PIN entries use it (pinWorkingKey); a refused block (KEY_BLOCK_REJECTED,
   * NO_MASTER_KEY) rejects and the pad and this host keep the key they had.
   */
  async loadPinKey(keyBlock: string, role = this.roleOf('pin-pad') ?? ''): Promise<{ keyId: string; kcv: string }> {
    if (this.roles.get(role)?.config.kind !== 'pin-pad') throw new DeviceCallError('NO_DEVICE', 'no PIN pad');
    const loaded = loadedKeySchema.parse(await this.supervisor.call(role, 'load-key', { keyBlock }, 10_000));
    this.pinKey = loaded;
    this.log.info({ role, keyId: loaded.keyId, kcv: loaded.kcv }, 'PIN pad working key loaded');
    return loaded;
  }

  /**
   * Asks the pad which working key it holds (a real pad keeps it across host restarts) and uses
   * it from now on; null when it holds none. For a start while the hub is away.
   */
  async queryPinKey(role = this.roleOf('pin-pad') ?? ''): Promise<{ keyId: string; kcv: string } | null> {
    if (this.roles.get(role)?.config.kind !== 'pin-pad') return null;
    const held = loadedKeySchema.nullable().parse(await this.supervisor.call(role, 'key-info', null, 5_000));
    if (held && !this.pinKey) this.pinKey = held;
    return held;
  }

  /** The working key loaded into the pad this run (id and KCV, never the key); null: the pad's default demo key. */
  pinWorkingKey(): { keyId: string; kcv: string } | null {
    return this.pinKey;
  }

  /** Ends a running PIN entry (its readPin rejects with PIN_CANCELLED). */
  async cancelPin(role = this.roleOf('pin-pad') ?? ''): Promise<void> {
    if (this.roles.get(role)?.config.kind !== 'pin-pad') return;
    await this.supervisor.call(role, 'cancel', null, 5_000);
  }

  // Card dispenser (issue 11). Each move resolves with the sensors after it; failures reject
  // with DeviceCallError: STOCK_OUT, JAM, COVER_OPEN, CAPTURE_BIN_FULL, CARD_IN_CHANNEL,
  // NO_CARD, TIMEOUT, OFFLINE, DEVICE_ERROR, or NO_DEVICE when no dispenser is configured.

  /** Presents a card at the throat (the one at the read position, else a new one). */
  async dispenseCard(role?: string): Promise<DispenserStatus> {
    return dispenserStatusSchema.parse(await this.dispenserCall('dispense', null, 20_000, role));
  }

  /** Moves a new card to the read position, for the chip reader. */
  async moveCardToReadPosition(role?: string): Promise<DispenserStatus> {
    return dispenserStatusSchema.parse(await this.dispenserCall('to-read-position', null, 20_000, role));
  }

  /** Waits for the customer to take the presented card; captures it when the time runs out (the driver's default, 30 s). */
  async waitCardTaken(opts: { timeoutMs?: number; role?: string } = {}): Promise<TakeResult> {
    const args = opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs };
    return takeResultSchema.parse(await this.dispenserCall('wait-taken', args, (opts.timeoutMs ?? 600_000) + 20_000, opts.role));
  }

  /** Retracts the card at the throat or the read position into the capture bin (a journey's compensation). */
  async captureCard(role?: string): Promise<DispenserStatus> {
    return dispenserStatusSchema.parse(await this.dispenserCall('capture', null, 20_000, role));
  }

  async dispenserStatus(role?: string): Promise<DispenserStatus> {
    return dispenserStatusSchema.parse(await this.dispenserCall('status', null, 10_000, role));
  }

  /**
   * Reads the chip of the card at the read position (moveCardToReadPosition first). The card
   * stays in the worker's vault: `cardRef` binds a PIN to it (readPin) and releaseCard wipes
   * it, as do the card being taken, captured or jammed. `sealed` (once setCardKey was called)
   * is for the hub; the host sees the masked number only. Rejects NO_CARD, CHIP_UNREADABLE, …
   */
  async readDispensedCard(role?: string): Promise<DispensedCard> {
    return dispensedCardSchema.parse(await this.dispenserCall('read-chip', null, 20_000, role));
  }

  async resetDispenser(opts: { capture?: boolean; role?: string } = {}): Promise<DispenserStatus> {
    return dispenserStatusSchema.parse(await this.dispenserCall('reset', opts.capture === undefined ? {} : { capture: opts.capture }, 20_000, opts.role));
  }

  private dispenserCall(method: DispenserMethod, args: unknown, timeoutMs: number, role = this.roleOf('card-dispenser') ?? ''): Promise<unknown> {
    if (this.roles.get(role)?.config.kind !== 'card-dispenser') return Promise.reject(new DeviceCallError('NO_DEVICE', `no card dispenser${role ? ` with role ${role}` : ''}`));
    return this.supervisor.call(role, method, args, timeoutMs);
  }

  /** The worker wipes the card behind `cardRef` (end of the transaction); false if it was gone. */
  async releaseCard(cardRef: string): Promise<boolean> {
    const readers = [...this.roles.values()].filter((s) => CARD_HOLDING_KINDS.has(s.config.kind));
    const results = await Promise.allSettled(readers.map((s) => this.supervisor.call(s.config.role, 'release-card', { cardRef }, 5_000)));
    return results.some((r) => r.status === 'fulfilled' && (r.value as { released?: unknown } | null)?.released === true);
  }

  /**
   * The full fields of the document an ID reader read last (its masked event carried `docRef`),
   * for account opening's filing only: held in memory by the caller, never logged or stored.
   * Once per read; rejects NO_DOCUMENT when taken, replaced or expired.
   */
  async takeDocument(role: string, docRef: string): Promise<HeldDocument> {
    if (this.roles.get(role)?.config.kind !== 'id-reader') throw new DeviceCallError('NO_DEVICE', `no ID reader with role ${role}`);
    return heldDocumentSchema.parse(await this.supervisor.call(role, 'take-document', { docRef }, 5_000));
  }

  /** The first configured role of a kind, e.g. the receipt printer for tickets. */
  roleOf(kind: DeviceConfig['kind']): string | null {
    for (const [role, s] of this.roles) if (s.config.kind === kind) return role;
    return null;
  }

  /** The printer simulator behind a `simulated` receipt-printer role (dev panel and tests). */
  simulator(role = this.roleOf('receipt-printer') ?? ''): EscPosSimulator | null {
    return this.roles.get(role)?.config.kind === 'receipt-printer' ? ((this.simulators.get(role)?.controls as EscPosSimulator | undefined) ?? null) : null;
  }

  /** The controls of any role's simulator (swipe a card, present a passport, …). */
  simulatorControls(role: string): unknown {
    return this.simulators.get(role)?.controls ?? null;
  }

  /** Masked driver events (card read, document read, scan) for the host's journeys and kioskctl. */
  onDeviceEvent(cb: (e: { role: string; name: string; payload: unknown }) => void): () => void {
    this.deviceEventListeners.add(cb);
    return () => this.deviceEventListeners.delete(cb);
  }

  /** Configured roles with where they are connected, for the technician's tools. */
  summary(): { role: string; kind: string; driver: string; where: string; health: DeviceHealth; lastError: DeviceOpenError | null }[] {
    return [...this.roles.values()].map((s) => ({ role: s.config.role, kind: s.config.kind, driver: s.config.driver, where: s.where, health: s.health, lastError: s.lastError }));
  }

  /** Why hot-plug discovery cannot run (e.g. no udevadm), or null when it works. */
  discoveryStatus(): string | null {
    return this.discoveryProblem;
  }

  /** Health changes, oldest first (bounded), for diagnostics. */
  healthHistory(): readonly DeviceHealth[] {
    return [...this.history];
  }

  /**
   * `kioskctl retry <role>`: reopens the device now instead of at its backoff. Resolves with
   * the health after the attempt; rejects with the reason the open failed.
   */
  async retry(role: string): Promise<DeviceHealth> {
    const state = this.roles.get(role);
    if (!state) throw new DeviceCallError('NO_DEVICE', `no device with role ${role} (configured: ${[...this.roles.keys()].join(', ') || 'none'})`);
    if (state.reopenTimer) clearTimeout(state.reopenTimer);
    state.reopenTimer = null;
    state.backoffMs = 1_000;
    try {
      await this.supervisor.call(role, 'reopen', null, 10_000);
      state.lastError = null;
    } catch (err) {
      this.recordFailure(state, err);
      this.scheduleReopen(state);
      throw err;
    }
    return state.health;
  }

  list(): DeviceHealth[] {
    return [...this.roles.values()].map((s) => s.health);
  }

  workerPid(): number | undefined {
    return this.supervisor.pid();
  }

  describe(): string[] {
    return [...this.roles.values()].map((s) => `${s.config.kind.padEnd(12)} ${s.config.role}: ${s.where} (${s.health.state}${s.health.reason ? `, ${s.health.reason}` : ''})`);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWatch?.();
    for (const s of this.roles.values()) if (s.reopenTimer) clearTimeout(s.reopenTimer);
    await this.supervisor.stop();
    await Promise.allSettled([...this.simulators.values()].map((sim) => sim.close()));
  }

  private async resolve(state: RoleState): Promise<DeviceConfig> {
    const { config } = state;
    const t = config.transport;
    if (t.type !== 'simulated') {
      state.where =
        t.type === 'tcp' ? `tcp://${t.host}:${t.port}`
        : t.type === 'serial' ? `serial ${t.path} @ ${t.baudRate}`
        : t.type === 'pcsc' ? `PC/SC ${t.reader ?? '(first reader)'}`
        : `${t.type} ${t.vendorId}:${t.productId}`;
      return config;
    }
    const sim = await startSimulator(config.driver, this.kioskId ? { kioskId: this.kioskId } : {});
    this.simulators.set(config.role, sim);
    state.where = sim.where;
    return { ...config, transport: sim.transport };
  }

  private onHealth(role: string, health: WorkerHealth): void {
    const state = this.roles.get(role);
    if (!state) return;
    const next: DeviceHealth = { role, kind: state.config.kind, state: health.state, since: health.since, ...(health.reason ? { reason: health.reason } : {}) };
    const changed = next.state !== state.health.state || next.reason !== state.health.reason;
    const cameBack = state.health.state === 'offline' && next.state !== 'offline';
    state.health = next;
    if (changed) {
      this.history.push(next);
      if (this.history.length > HISTORY_LIMIT) this.history.shift();
      this.log.info({ role, state: next.state, reason: next.reason }, 'device health');
      this.events.emit('device.health', next);
    }
    // An unplugged or silent device is reopened; a worker restart reopens everything itself.
    if (health.state === 'offline' && health.reason !== 'driver-restarting') this.scheduleReopen(state);
    if (health.state !== 'offline') state.backoffMs = 1_000;
    // Only a device coming back (reopened, or a new worker that knows no key) needs the key
    // again; a dispenser going busy → ready on every move does not.
    if (cameBack && SEALING_KINDS.has(state.config.kind) && this.cardKey) void this.sendCardKey(role);
  }

  private async sendCardKey(role: string): Promise<void> {
    if (!this.cardKey) return;
    try {
      await this.supervisor.call(role, 'set-card-key', this.cardKey, 5_000);
    } catch (err) {
      this.log.warn({ role, err: err instanceof Error ? err.message : String(err) }, 'device did not take the card-data key; its card reads are not sealed');
    }
  }

  private scheduleReopen(state: RoleState, delayMs?: number): void {
    if (this.closed || state.reopenTimer) return;
    const delay = delayMs ?? state.backoffMs;
    state.backoffMs = Math.min(state.backoffMs * 2, MAX_BACKOFF_MS);
    state.reopenTimer = setTimeout(() => {
      state.reopenTimer = null;
      this.supervisor.call(state.config.role, 'reopen', null, 10_000).then(
        () => (state.lastError = null),
        (err: unknown) => {
          const failure = this.recordFailure(state, err);
          this.log.warn({ role: state.config.role, err: failure.message, osCode: failure.osCode, retryInMs: state.backoffMs }, 'device reopen failed');
          this.scheduleReopen(state);
        },
      );
    }, delay);
  }

  private recordFailure(state: RoleState, err: unknown): DeviceOpenError {
    const e = err instanceof DeviceCallError ? err : null;
    state.lastError = { code: e?.code ?? 'DRIVER_ERROR', message: err instanceof Error ? err.message : String(err), ...(e?.osCode ? { osCode: e.osCode } : {}), at: new Date().toISOString() };
    return state.lastError;
  }
}
