// A process that serves only the WebSocket bridge, for the test that sends it frames `ws`
// refuses: the test needs a process of its own to tell "connection closed" from "process
// died". Prints `{"port":N,"origin":"…","token":"…"}` once listening.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDispatcher, type HandlerMap } from './dispatcher.js';
import { EventBus } from './event-bus.js';
import { attachWsBridge } from './ws-server.node.js';

const token = 'fixture-token-0123456789abcdef';
const log = {
  warn: (obj: object, msg: string) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg, ...obj })}\n`),
  info: (obj: object, msg: string) => process.stderr.write(`${JSON.stringify({ level: 'info', msg, ...obj })}\n`),
  error: (obj: object, msg: string) => process.stderr.write(`${JSON.stringify({ level: 'error', msg, ...obj })}\n`),
};
const handlers = { 'queue.services': () => [] } as unknown as HandlerMap;
const server = createServer();
let origin = '';
attachWsBridge({ server, dispatch: createDispatcher(handlers, log), events: new EventBus(), token, allowedOrigins: () => [origin], log });
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  process.stdout.write(`${JSON.stringify({ port, origin, token })}\n`);
});
