// The demo as `npm run demo` starts it in the browser, in one function that the demo runner and its
// UI test share: OpenBao and moto seeded with the sample secrets, a copy of demo/ as the workspace,
// the packaged extension installed into a fresh VS Code server started as users run it (no smoke-test
// driver, so notifications pop up as toasts), and a report when a store it started stops on its own.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeSeedData, seedMoto, seedOpenBao } from '../support/seed';
import { MotoServer, OpenBaoServer, startMoto, startOpenBao } from '../support/stores';
import { startVsCodeServer, VsCodeServer } from './codeServer';
import { demoServerEnv, demoStoreSettings, DemoStoreAddresses, installVsix, QUIET_WORKBENCH, writeServerSettings } from './demoWorkbench';

export interface DemoSessionOptions {
  /** A scratch folder the demo owns (workspace copy, VS Code data); the caller removes it. */
  tempDir: string;
  /** The demo/ folder to copy. */
  demoDir: string;
  /** The packaged extension (`npm run package`). */
  vsix: string;
  /** Told when OpenBao or moto stops without the demo stopping it. */
  onStoreStopped(store: string, detail: string): void;
}

export interface DemoSession {
  /** The workbench URL to open in a browser. */
  readonly url: string;
  readonly workspace: string;
  readonly stores: DemoStoreAddresses;
  readonly bao: OpenBaoServer;
  readonly moto: MotoServer;
  readonly server: VsCodeServer;
  /** Stops VS Code, OpenBao and moto (every process the session started), once. */
  stop(): Promise<void>;
}

export async function startDemoStores(
  onStoreStopped: DemoSessionOptions['onStoreStopped'],
): Promise<{ bao: OpenBaoServer; moto: MotoServer; stores: DemoStoreAddresses }> {
  const [bao, moto] = await Promise.all([startOpenBao(), startMoto()]);
  const data = makeSeedData('demo');
  await Promise.all([seedOpenBao(bao, data), seedMoto(moto, data)]);
  bao.onUnexpectedExit((detail) => onStoreStopped(`OpenBao (${bao.address})`, detail));
  moto.onUnexpectedExit((detail) => onStoreStopped(`moto (${moto.endpoint})`, detail));
  return { bao, moto, stores: { vaultAddress: bao.address, vaultToken: bao.rootToken, awsEndpoint: moto.endpoint } };
}

/** The demo works on a copy, so migrating a connection never edits the committed demo/ files. */
export function copyDemoWorkspace(demoDir: string, tempDir: string): string {
  const workspace = path.join(tempDir, 'demo');
  fs.cpSync(demoDir, workspace, { recursive: true });
  return workspace;
}

export async function startDemoSession(options: DemoSessionOptions): Promise<DemoSession> {
  const { bao, moto, stores } = await startDemoStores(options.onStoreStopped);
  let server: VsCodeServer | undefined;
  const stopStores = () => Promise.allSettled([bao.stop(), moto.stop()]);
  try {
    const workspace = copyDemoWorkspace(options.demoDir, options.tempDir);
    const serverDir = path.join(options.tempDir, 'server');
    const dirs = {
      userData: path.join(serverDir, 'user-data'),
      serverData: path.join(serverDir, 'server-data'),
      extensions: path.join(serverDir, 'extensions'),
    };
    writeServerSettings(dirs.userData, { ...QUIET_WORKBENCH, ...demoStoreSettings(stores) });
    await installVsix(options.vsix, dirs);
    server = await startVsCodeServer(serverDir, demoServerEnv(stores), { smokeTestDriver: false });
    const running = server;
    let stopped: Promise<void> | undefined;
    return {
      url: server.url(workspace),
      workspace,
      stores,
      bao,
      moto,
      server,
      stop: () => (stopped ??= Promise.allSettled([running.stop(), stopStores()]).then(() => undefined)),
    };
  } catch (error) {
    await Promise.allSettled([server?.stop(), stopStores()]);
    throw error;
  }
}
