// Several hub instances for the chaos run (`--hubs N`): N child processes of the hub's own
// entry point (hub/main.node.ts, bundled once), kiosk authentication on, all on one
// PostgreSQL schema and one NATS (a subject prefix of this run's own), each on its own port,
// behind a minimal round-robin TCP proxy standing in for the bank's load balancer: each new
// connection goes to the next instance that accepts it, and a connection whose instance dies
// is cut on the client side too, as a load balancer does. `kill(i)` is kill -9 of one
// instance; `restart(i)` starts it again on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';

export interface HubInstance {
  id: string;
  port: number;
  up: boolean;
  /** Connections the proxy gave this instance (kiosk sync and call sockets). */
  connections: number;
}

export interface HubCluster {
  /** The proxy: what kiosks and experts use. */
  url: string;
  instances: readonly HubInstance[];
  kill(index: number): Promise<void>;
  restart(index: number): Promise<void>;
  dispose(): Promise<void>;
}

export interface HubClusterOptions {
  size: number;
  databaseUrl: string;
  /** The HUB_SECRET_KEY of every instance: the one that sealed what the schema holds. */
  secretKey: string;
  natsUrl: string;
  subjectPrefix: string;
  /** Seconds a dropped party keeps its call (HUB_ASSIST_GRACE_SEC). */
  graceSec: number;
  /** HUB_SEED_ADMIN_*: the admin who creates the experts of the simulated calls. */
  admin: { username: string; password: string; totpSecret: string };
}

const ROOT = path.resolve(import.meta.dirname, '../..');

async function bundleHub(): Promise<string> {
  const outdir = path.join(ROOT, 'node_modules/.cache/bk-chaos');
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, `hub-${process.pid}.mjs`);
  await build({ entryPoints: [path.join(ROOT, 'hub/main.node.ts')], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
  return outfile;
}

export async function startHubCluster(opts: HubClusterOptions): Promise<HubCluster & { script: string }> {
  const script = await bundleHub();
  const { secretKey } = opts;
  const children: (ChildProcess | null)[] = [];
  const instances: HubInstance[] = [];

  const spawnInstance = (index: number, port: number): Promise<number> => {
    const id = `chaos-${index}`;
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      env: {
        ...process.env,
        HUB_PORT: String(port),
        HUB_HOST: '127.0.0.1',
        HUB_AUTH: 'on',
        DATABASE_URL: opts.databaseUrl,
        HUB_NATS_URL: opts.natsUrl,
        HUB_NATS_PREFIX: opts.subjectPrefix,
        HUB_INSTANCE_ID: id,
        HUB_SECRET_KEY: secretKey,
        HUB_TURN_URLS: 'stun:127.0.0.1:3478',
        HUB_ASSIST_GRACE_SEC: String(opts.graceSec),
        HUB_LOG_LEVEL: 'info',
        HUB_LOG_FILE: '',
        HUB_SEED_ADMIN_USERNAME: opts.admin.username,
        HUB_SEED_ADMIN_PASSWORD: opts.admin.password,
        HUB_SEED_ADMIN_TOTP_SECRET: opts.admin.totpSecret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children[index] = child;
    const log: string[] = [];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hub instance ${id} did not start:\n${log.slice(-20).join('\n')}`)), 60_000);
      let buffered = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (process.env.BK_CHAOS_LOG) process.stderr.write(`[${id}] ${line}\n`);
          log.push(line);
          if (log.length > 50) log.shift();
          const match = /"msg":"hub listening on http:\/\/[^"]+:(\d+)"/.exec(line);
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`hub instance ${id} exited (${code ?? signal}) before listening:\n${log.slice(-20).join('\n')}`));
      });
    });
  };

  // One after another: the first runs the migrations and seeds the admin.
  for (let i = 0; i < opts.size; i++) {
    const port = await spawnInstance(i, 0);
    instances.push({ id: `chaos-${i}`, port, up: true, connections: 0 });
  }

  // The load balancer: round robin over the instances that accept the connection.
  let next = 0;
  const open = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => undefined);
    client.pause();
    const tryBackend = (attempt: number) => {
      if (attempt >= instances.length || client.destroyed) {
        client.destroy();
        return;
      }
      const instance = instances[next++ % instances.length]!;
      if (!instance.up) {
        tryBackend(attempt + 1);
        return;
      }
      const backend = net.connect({ host: '127.0.0.1', port: instance.port });
      open.add(backend);
      backend.on('close', () => open.delete(backend));
      let connected = false;
      backend.once('connect', () => {
        connected = true;
        instance.connections += 1;
        client.pipe(backend);
        backend.pipe(client);
        client.resume();
      });
      backend.on('error', () => {
        if (!connected) tryBackend(attempt + 1);
      });
      backend.on('close', () => connected && client.destroy());
      client.on('close', () => backend.destroy());
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyPort = (proxy.address() as net.AddressInfo).port;

  const kill = async (index: number) => {
    const child = children[index];
    const instance = instances[index]!;
    instance.up = false;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  return {
    url: `http://127.0.0.1:${proxyPort}`,
    instances,
    script,
    kill,
    restart: async (index) => {
      await kill(index);
      const instance = instances[index]!;
      await spawnInstance(index, instance.port);
      instance.up = true;
    },
    dispose: async () => {
      await Promise.all(instances.map((_, i) => kill(i)));
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
