// Under Electron the device worker runs as a utility process: RunAsNode is fused off, so
// the Electron binary cannot be forked as plain Node.
import type { WorkerLauncher } from '../host/devices/worker-launcher.node.js';

export interface UtilityProcessLike {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface UtilityProcessModuleLike {
  fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'ignore' | 'pipe' }): UtilityProcessLike;
}

export function utilityWorkerLauncher(utilityProcess: UtilityProcessModuleLike, entry: string): WorkerLauncher {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'branch-kiosk-devices', stdio: 'inherit' });
    return {
      get pid() {
        return child.pid;
      },
      send: (msg) => child.postMessage(msg),
      onMessage: (cb) => void child.on('message', cb),
      onExit: (cb) => void child.on('exit', (code) => cb(code, null)),
      kill: () => void child.kill(),
    };
  };
}
