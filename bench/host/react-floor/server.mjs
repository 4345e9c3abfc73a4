// Serves a built react-floor page on loopback and answers each WebSocket frame at once: the
// bare Node side of the floor (node:http + ws, nothing of the kiosk host).
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { WebSocketServer } from 'ws';

const root = path.resolve(process.argv[2] ?? '.');
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
const server = createServer((req, res) => {
  const file = path.join(root, req.url === '/' ? 'index.html' : path.normalize(decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')));
  if (!file.startsWith(root) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  createReadStream(file).pipe(res);
});
new WebSocketServer({ server, path: '/bridge' }).on('connection', (ws) => ws.on('message', (data) => ws.send(JSON.stringify({ id: 1, ok: true, echo: String(data).length }))));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`ready http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
});
