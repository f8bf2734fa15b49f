// Composition root: builds the services and lets each feature register itself. No logic here.
import * as vscode from 'vscode';
import { COMMANDS } from './constants';
import { createLogger } from './platform/logger';
import type { Services } from './services';

export function activate(context: vscode.ExtensionContext): void {
  const services: Services = { log: createLogger(context) };
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.showLog, () => services.log.show()));
}

export function deactivate(): void {
  // Every resource is disposed through context.subscriptions.
}
