// Runs inside VS Code (as extensionTestsPath) for the activation benchmark: activates secretref,
// checks that no store SDK loaded, then times the first secret read from each store.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

interface ProbeApi {
  loadedStoreSdks(): string[];
  activation: { evaluateMs: number; activateMs: number };
  services: { stores: { readKey(store: string, path: string, key?: string): Promise<string> } };
}

export async function run(): Promise<void> {
  const resultsFile = process.env.SECRETREF_BENCH_RESULTS;
  const stores = JSON.parse(process.env.SECRETREF_BENCH_STORES ?? '[]') as { name: string; path: string; key: string; token?: string }[];
  const extension = vscode.extensions.getExtension<ProbeApi>('secretref.secretref');
  if (!extension || !resultsFile) throw new Error('probe misconfigured');
  const configs = JSON.parse(process.env.SECRETREF_BENCH_CONFIGS ?? '[]') as unknown[];
  await vscode.workspace.getConfiguration('secretref').update('stores', configs, vscode.ConfigurationTarget.Global);
  const wasActive = extension.isActive;
  const start = performance.now();
  const api = await extension.activate();
  const activationMs = performance.now() - start;
  const sdksAfterActivation = api.loadedStoreSdks();
  const { evaluateMs, activateMs } = api.activation;
  const firstReadMs: Record<string, number> = {};
  for (const store of stores) {
    if (store.token) await vscode.commands.executeCommand('secretref.signInToStore', store.name, { token: store.token });
    const readStart = performance.now();
    const value = await api.services.stores.readKey(store.name, store.path, store.key);
    firstReadMs[store.name] = performance.now() - readStart;
    if (!value) throw new Error(`first read from ${store.name} returned nothing`);
  }
  fs.writeFileSync(
    resultsFile,
    JSON.stringify({
      wasActive,
      activationMs,
      evaluateMs,
      activateMs,
      sdksAfterActivation,
      sdksAfterReads: api.loadedStoreSdks(),
      firstReadMs,
    }),
  );
}
