import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ADMIN_TOKEN = 'bench-admin-token-0123456789';

/** A free TCP port on this machine. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface DeploymentOptions {
  /** Postgres database of its own; absent: the embedded database in a folder of its own. */
  databaseUrl?: string;
  /** Redis for BullMQ; with it the API serves only and `workers` processes run the jobs. */
  redisUrl?: string;
  workers: number;
  /** More kanshi.yaml (YAML text). */
  config?: string;
}

/**
 * Kanshi as it is deployed: `kanshi start` (API only when there are workers) and `kanshi worker`
 * processes of the compiled build, on their own Postgres database (or PGlite folder), with their
 * own Redis key prefix.
 */
export class Deployment {
  readonly url: string;
  readonly prefix = `kanshi-bench-${randomBytes(4).toString('hex')}`;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'kanshi-bench-deploy-'));
  api: ChildProcess | undefined;
  readonly workers: (ChildProcess | undefined)[] = [];
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly options: DeploymentOptions,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    const configFile = path.join(this.dir, 'kanshi.yaml');
    writeFileSync(
      configFile,
      [
        'server:\n  logLevel: warn',
        // A killed worker's job is taken over within about lockDuration + stalledInterval.
        `jobs:\n  queuePrefix: ${this.prefix}\n  lockDuration: 5s\n  stalledInterval: 2s\n  attempts: 20`,
        'rateLimit:\n  uploads:\n    max: 100000\n  authFailures:\n    max: 100000',
        'teams:\n  - id: bench\n    name: Bench',
        options.config ?? '',
      ].join('\n'),
    );
    this.env = {
      ...process.env,
      KANSHI_PORT: String(port),
      KANSHI_CONFIG: configFile,
      KANSHI_ADMIN_TOKEN: ADMIN_TOKEN,
      KANSHI_DATA_DIR: path.join(this.dir, 'data'),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    };
  }

  static async start(options: DeploymentOptions): Promise<Deployment> {
    const d = new Deployment(options, await freePort());
    // The API applies the migrations; workers start on the migrated database.
    await d.startApi().catch(async (e: unknown) => {
      await d.close();
      throw e;
    });
    for (let i = 0; i < options.workers; i++) d.startWorker(i);
    return d;
  }

  private spawn(args: string[]): ChildProcess {
    return spawn(process.execPath, [path.join(root, 'bin/kanshi.js'), ...args], { env: this.env, stdio: ['ignore', 'ignore', 'inherit'] });
  }

  /** Starts the API (again) and waits until it answers /readyz. */
  async startApi(): Promise<void> {
    this.api = this.spawn(this.options.workers > 0 ? ['start', '--no-work', '--offline'] : ['start', '--offline']);
    const deadline = Date.now() + 600_000;
    for (;;) {
      if (this.api.exitCode !== null) throw new Error(`kanshi start exited with code ${this.api.exitCode}`);
      const ok = await fetch(`${this.url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error('kanshi start not ready within 600 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  startWorker(i: number): ChildProcess {
    const child = this.spawn(['worker']);
    this.workers[i] = child;
    return child;
  }

  /** SIGKILL, and wait until the process is gone. */
  static async kill(child: ChildProcess | undefined): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  async request<T>(method: string, url: string, body?: Buffer | object, token = ADMIN_TOKEN): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async close(): Promise<void> {
    await Promise.all([this.api, ...this.workers].map((c) => Deployment.kill(c)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
