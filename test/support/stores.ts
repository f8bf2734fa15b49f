// Starts real secret stores on loopback for tests and benchmarks: an OpenBao dev server (Vault API)
// and a moto server (AWS Secrets Manager, STS, IAM). No fake of either API lives in this project.
import { randomBytes } from 'node:crypto';
import { freePort, ManagedProcess, requireEnv, startProcess, waitFor } from './processes';

/** What every store server started here offers. */
interface StoreServer {
  readonly port: number;
  /** The server process's id (it changes with restart). */
  readonly pid: number;
  stop(): Promise<void>;
  /** Starts it again on the same port, with fresh (empty) storage: dev servers keep nothing. */
  restart(): Promise<void>;
  /** Calls `listener` when the process ends without stop() or restart() asking it to (a crash, a kill). */
  onUnexpectedExit(listener: (detail: string) => void): void;
}

export interface OpenBaoServer extends StoreServer {
  readonly address: string;
  readonly rootToken: string;
}

export interface MotoServer extends StoreServer {
  readonly endpoint: string;
}

/** Runs `launch` and keeps the process it starts, telling listeners when it ends on its own. */
async function superviseStore(launch: () => Promise<ManagedProcess>): Promise<Omit<StoreServer, 'port'>> {
  const listeners: ((detail: string) => void)[] = [];
  let proc: ManagedProcess;
  let stopping = false;
  const start = async () => {
    proc = await launch();
    const child = proc.child;
    child.once('exit', (code, signal) => {
      if (stopping || child !== proc.child) return;
      for (const listener of listeners) listener(signal ? `killed by ${signal}` : `exited with code ${code}`);
    });
  };
  const stop = async () => {
    stopping = true;
    await proc.stop();
  };
  await start();
  return {
    get pid() {
      return proc.child.pid ?? 0;
    },
    stop,
    restart: async () => {
      await stop();
      stopping = false;
      await start();
    },
    onUnexpectedExit: (listener) => listeners.push(listener),
  };
}

/** Minimal Vault HTTP call used only to seed and configure the test server. */
export async function vaultApi(
  server: { address: string },
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON from the Vault API
): Promise<any> {
  const response = await fetch(`${server.address}/v1/${path}`, {
    method,
    headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Vault ${method} ${path} failed with HTTP ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** `pluginDir`: external plugins the dev server registers by file name (-dev-plugin-dir). */
export async function startOpenBao(options: { port?: number; pluginDir?: string } = {}): Promise<OpenBaoServer> {
  const bao = requireEnv('SECRETREF_BAO');
  const port = options.port ?? (await freePort());
  const rootToken = `root-${randomBytes(8).toString('hex')}`;
  const address = `http://127.0.0.1:${port}`;
  const server = await superviseStore(async () => {
    const proc = startProcess(bao, [
      'server',
      '-dev',
      `-dev-root-token-id=${rootToken}`,
      `-dev-listen-address=127.0.0.1:${port}`,
      '-dev-no-store-token',
      ...(options.pluginDir ? [`-dev-plugin-dir=${options.pluginDir}`] : []),
    ]);
    await waitFor(`OpenBao on ${address}`, async () => {
      if (proc.child.exitCode !== null) throw new Error(`bao exited: ${proc.output()}`);
      const response = await fetch(`${address}/v1/sys/health`);
      return response.status === 200 ? true : undefined;
    });
    return proc;
  });
  return Object.assign(server, { address, rootToken, port });
}

export async function startMoto(options: { port?: number } = {}): Promise<MotoServer> {
  const moto = requireEnv('SECRETREF_MOTO');
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const server = await superviseStore(async () => {
    const proc = startProcess(moto, ['-H', '127.0.0.1', '-p', String(port)]);
    await waitFor(`moto on ${endpoint}`, async () => {
      if (proc.child.exitCode !== null) throw new Error(`moto_server exited: ${proc.output()}`);
      const response = await fetch(`${endpoint}/moto-api/`);
      return response.ok ? true : undefined;
    });
    return proc;
  });
  return Object.assign(server, { endpoint, port });
}
