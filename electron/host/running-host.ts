import type { Dispatch } from '../bridge/dispatcher.js';
import type { EventBus } from '../bridge/event-bus.js';
import type { HostConfig } from './config.js';

/** What main.ts (Electron) and scripts/start.ts (browser mode) need from a started host. */
export interface RunningHost {
  readonly config: HostConfig;
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  /** One human line per part (store, devices, hub link) for start-up output. */
  describe(): string[];
  close(): Promise<void>;
}
