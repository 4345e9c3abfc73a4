// The baseline of the hub-capacity benchmark: a bare node:http server on the same core that
// answers the fleet's requests with canned bodies of the hub's shapes and holds its sockets
// (ws, pinged every 15 s like the hub's) — no signature check, no database, no logging.
// What one core's HTTP and WebSocket stack carries for this pattern at all. Same IPC as
// hub-process.node.ts; its "enrollment" returns throwaway keys (nothing checks them).
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { generateKioskKeyPair } from '../../electron/host/request-signer.js';
import { SIGNATURE_SCHEME, type KioskCredentials } from '../../protocol/kiosk-auth.js';
import { watchProcess } from './process-stats.node.js';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = req.url ?? '';
    let body: unknown = { ok: true };
    if (path.includes('/changes')) body = { items: [], cursor: 'c0', hasMore: false };
    else if (path.startsWith('/v1/transactions')) {
      const items = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items: { id: string }[] }).items;
      body = { results: items.map((item, index) => ({ id: item.id, index, status: 'accepted' })) };
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
});
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => {
  const ping = setInterval(() => ws.ping(), 15_000);
  ws.on('close', () => clearInterval(ping));
});
server.keepAliveTimeout = 10_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
});

const key = generateKioskKeyPair();
const watch = watchProcess();
process.on('message', (message: { type: string; ids?: string[] }) => {
  if (message.type === 'stats') process.send?.({ type: 'stats', stats: watch.take() });
  if (message.type === 'kiosks') {
    const credentials: KioskCredentials[] = (message.ids ?? []).map((kioskId) => ({ scheme: SIGNATURE_SCHEME, kioskId, publicKey: key.publicKey, privateKeyPem: key.privateKeyPem, enrolledAt: new Date().toISOString() }));
    process.send?.({ type: 'credentials', credentials });
  }
  if (message.type === 'stop') {
    for (const ws of wss.clients) ws.terminate();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  }
});
