// TLS for tests: a throw-away self-signed certificate for 127.0.0.1 made with the openssl
// CLI (node:crypto cannot issue X.509), and a fetch that trusts exactly that certificate.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface TestCertificate {
  certPath: string;
  keyPath: string;
  /** PEM, to trust as the only CA. */
  cert: string;
  dispose(): Promise<void>;
}

export async function makeSelfSignedCertificate(): Promise<TestCertificate> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-tls-'));
  const [certPath, keyPath] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyPath, '-out', certPath, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ]);
  return { certPath, keyPath, cert: await readFile(certPath, 'utf8'), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The part of fetch the hub clients use (method, headers, string body), over node:https
 * with `ca` as the only trusted root: global fetch cannot be given a CA per call.
 */
export function fetchTrusting(ca: string): typeof fetch {
  return (input, init) =>
    new Promise((resolve, reject) => {
      const req = request(String(input), { method: init?.method ?? 'GET', headers: Object.fromEntries(new Headers(init?.headers).entries()), ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers: { 'content-type': String(res.headers['content-type'] ?? '') } })));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(typeof init?.body === 'string' ? init.body : undefined);
    });
}
