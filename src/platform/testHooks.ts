// The one gate for test hooks. Options that skip a confirmation or a prompt (`confirmed: true`, data
// handed in instead of typed) and internal commands exist for this extension's own test suite only:
// outside ExtensionMode.Test they are dropped, so another extension running our commands gets the
// same prompts and confirmations as the user.
import * as vscode from 'vscode';

/** Option names that skip a prompt or a confirmation; removed from every options bag outside tests. */
export const TEST_ONLY_OPTIONS = [
  'confirmed',
  'data',
  'path',
  'mode',
  'reference',
  'namePattern',
  'credentials',
  'emptyValues',
  'preview',
] as const;

let testMode = false;
let simulatedProduction = false;

export function initTestHooks(context: vscode.ExtensionContext): void {
  testMode = context.extensionMode === vscode.ExtensionMode.Test;
}

/** True only while the extension runs under its own tests (and a test has not asked to see production). */
export function testHooksEnabled(): boolean {
  return testMode && !simulatedProduction;
}

/** For the extension's own tests: behave as in production (the gate can only get stricter). */
export function simulateProduction(on: boolean): void {
  simulatedProduction = on;
}

/** The options bag a command may honour: as given under tests, without the test-only fields otherwise. */
export function commandOptions<T>(value: T): T {
  if (testHooksEnabled() || !value || typeof value !== 'object' || Array.isArray(value) || value instanceof vscode.Uri) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of TEST_ONLY_OPTIONS) delete copy[key];
  return copy as T;
}

/** Registers a command only under the extension's own tests. */
export function registerTestCommand(context: vscode.ExtensionContext, id: string, handler: (...args: unknown[]) => unknown): void {
  if (context.extensionMode !== vscode.ExtensionMode.Test) return;
  context.subscriptions.push(
    vscode.commands.registerCommand(id, (...args: unknown[]) => (testHooksEnabled() ? handler(...args) : undefined)),
  );
}
