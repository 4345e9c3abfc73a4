// Lets the health reporter use the kiosk's one signaling socket without owning it: wraps the
// socket factory the assist client is given, remembers the socket that is open now, and says
// when a new one opened. The assist client keeps deciding when to open, reopen and close.
import type { HealthReport } from '../../../protocol/fleet-health.js';
import { openHubSocket, type HubSocket, type OpenHubSocket } from '../assist/hub-socket.node.js';

export interface HubSocketTap {
  /** Give this to the assist client as its `openSocket`. */
  open: OpenHubSocket;
  /** False when no socket is open now. */
  sendHealth(report: HealthReport): boolean;
  onOpen(listener: () => void): void;
}

export function tapHubSocket(inner: OpenHubSocket = openHubSocket): HubSocketTap {
  let current: HubSocket | null = null;
  const listeners: (() => void)[] = [];
  const open: OpenHubSocket = async (opts) => {
    let socket: HubSocket | null = null;
    const forget = () => {
      if (current === socket) current = null;
    };
    socket = await inner({
      ...opts,
      onClose: (info) => {
        forget();
        opts.onClose(info);
      },
    });
    const opened = socket;
    current = {
      send: (message) => opened.send(message),
      close: () => {
        forget();
        opened.close();
      },
    };
    socket = current;
    for (const listener of listeners) listener();
    return current;
  };
  return {
    open,
    sendHealth: (report) => current?.send({ type: 'health.report', report }) ?? false,
    onOpen: (listener) => void listeners.push(listener),
  };
}
