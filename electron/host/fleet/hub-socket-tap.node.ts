// Lets the health reporter use the kiosk's one signaling socket without owning it: wraps the
// socket factory the assist client is given, remembers the socket that is open now, and says
// when a new one opened. The assist client keeps deciding when to open, reopen and close.
// Remote commands (`command.deliver`) are taken off the socket here for the command runner;
// the assist client never sees them.
import type { SignedCommand } from '../../../protocol/fleet-commands.js';
import type { HealthReport } from '../../../protocol/fleet-health.js';
import { openHubSocket, type HubSocket, type OpenHubSocket } from '../assist/hub-socket.node.js';

export interface HubSocketTap {
  /** Give this to the assist client as its `openSocket`. */
  open: OpenHubSocket;
  /** False when no socket is open now. */
  sendHealth(report: HealthReport): boolean;
  onOpen(listener: () => void): void;
  /** False when no socket is open now. */
  sendAck(commandId: string): boolean;
  onCommand(listener: (command: SignedCommand) => void): void;
}

export function tapHubSocket(inner: OpenHubSocket = openHubSocket): HubSocketTap {
  let current: HubSocket | null = null;
  const listeners: (() => void)[] = [];
  const commandListeners: ((command: SignedCommand) => void)[] = [];
  const open: OpenHubSocket = async (opts) => {
    let socket: HubSocket | null = null;
    const forget = () => {
      if (current === socket) current = null;
    };
    socket = await inner({
      ...opts,
      onMessage: (message) => {
        if (message.type !== 'command.deliver') return opts.onMessage(message);
        for (const listener of commandListeners) listener(message.command);
      },
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
    sendAck: (commandId) => current?.send({ type: 'command.ack', commandId }) ?? false,
    onCommand: (listener) => void commandListeners.push(listener),
  };
}
