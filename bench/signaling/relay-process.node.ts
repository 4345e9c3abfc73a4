// The baseline of the signaling benchmark, in its own process: a bare `ws` relay that pairs
// two sockets by `?pair=N` and forwards every frame to the other one untouched — no
// parsing, validation, authentication or bookkeeping.
import { WebSocketServer, type WebSocket } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
const pairs = new Map<string, WebSocket[]>();

wss.on('connection', (socket, request) => {
  const pair = new URL(request.url ?? '/', 'http://relay').searchParams.get('pair') ?? '';
  const members = pairs.get(pair) ?? [];
  members.push(socket);
  pairs.set(pair, members);
  socket.on('message', (data, isBinary) => {
    for (const other of pairs.get(pair) ?? []) if (other !== socket) other.send(data, { binary: isBinary });
  });
  socket.on('close', () => pairs.delete(pair));
});

wss.on('listening', () => {
  const address = wss.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ type: 'ready', url: `ws://127.0.0.1:${port}/relay` });
});
process.on('message', (message: { type: string }) => {
  if (message.type === 'stop') wss.close(() => process.exit(0));
});
