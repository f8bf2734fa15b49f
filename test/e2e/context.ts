// The state the runner hands to the e2e test files: the workbench page, the live stores, the seed data.
import type { FaultProxy } from '../support/faultProxy';
import type { SeedData } from '../support/seed';
import type { TestEnvironment } from '../support/testEnv';
import type { Workbench } from './workbench';

export interface E2eContext {
  workbench: Workbench;
  env: TestEnvironment;
  seed: SeedData;
  /** Pass-through proxy in front of OpenBao: the demo Vault config's URL (tests may slow it down). */
  vaultProxy: FaultProxy;
  /** The VS Code server's process id (its extension host is a child process). */
  serverPid: number;
  /** The packaged extension the suite installed. */
  vsix: string;
  /** Reloads the workbench page (after a failed test, so the next one starts from a clean window). */
  reload(): Promise<void>;
}

let current: E2eContext | undefined;

export function setE2eContext(context: E2eContext | undefined): void {
  current = context;
}

export function e2e(): E2eContext {
  if (!current) throw new Error('The e2e context is not set: run the UI tests through test/e2e/runE2e (npm test).');
  return current;
}
