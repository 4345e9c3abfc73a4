// A real coturn on 127.0.0.1 for tests, in REST-API secret mode, with its pid file and user
// database in a temporary directory so it touches nothing of the system's.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestTurnServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** A port free for both TCP and UDP on loopback (coturn listens on both). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
      server.on('error', reject);
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

export async function startTurnServer(secret: string): Promise<TestTurnServer> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'coturn-'));
  const relayBase = 50_000 + Math.floor(Math.random() * 100) * 100;
  const child = spawn('/usr/bin/turnserver', [
    '-n', '--listening-ip=127.0.0.1', `--listening-port=${port}`, '--relay-ip=127.0.0.1',
    `--min-port=${relayBase}`, `--max-port=${relayBase + 99}`,
    '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=test',
    '--no-cli', '--no-tls', '--no-dtls', '--allow-loopback-peers',
    `--pidfile=${path.join(dir, 'turn.pid')}`, `--userdb=${path.join(dir, 'turndb')}`,
    '--log-file=stdout', '--simple-log',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coturn did not start:\n${output.slice(-2000)}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Total General servers')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`coturn exited (${code}):\n${output.slice(-2000)}`)));
  });
  return {
    port,
    url: `turn:127.0.0.1:${port}?transport=udp`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
