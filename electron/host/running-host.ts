import type { Dispatch } from '../bridge/dispatcher.js';
import type { EventBus } from '../bridge/event-bus.js';
import type { HostConfig } from './config.js';

/** What main.ts (Electron) and scripts/start.ts (browser mode) get back from startHost(). */
export interface RunningHost {
  readonly config: HostConfig;
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  close(): Promise<void>;
}
