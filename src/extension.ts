// Composition root: builds the services and lets each feature register itself. No logic here.
import * as vscode from 'vscode';
import { COMMANDS } from './constants';
import { registerAgentTools } from './features/agentTools/registerAgentTools';
import { loadedStoreSdks } from './core/stores';
import { registerMigrationFeatures } from './features/migration/registerMigrationFeatures';
import { registerMoveFeatures } from './features/move/registerMoveFeatures';
import { registerReferenceFeatures } from './features/references/registerReferenceFeatures';
import { readReferenceSettings } from './features/references/referenceService';
import { WorkspaceReferenceIndex } from './features/references/workspaceIndex';
import { registerSchemaFeatures } from './features/schemas/registerSchemaFeatures';
import { ProjectConfigs } from './features/schemas/projectConfigs';
import { SchemaDocuments } from './features/schemas/schemaDocuments';
import { registerSecretFileSystem } from './features/secretFs/registerSecretFileSystem';
import { createStoreServices } from './features/stores/createStoreServices';
import { registerStoreFeatures } from './features/stores/registerStoreFeatures';
import { registerViewFeatures } from './features/views/registerViewFeatures';
import { ClipboardGuard } from './platform/clipboardGuard';
import { createLogger } from './platform/logger';
import { watchWorkspaceAttempts } from './platform/settings';
import { initTestHooks, simulateProduction } from './platform/testHooks';
import type { Services } from './services';

export function activate(context: vscode.ExtensionContext) {
  const activateStart = performance.now();
  initTestHooks(context);
  const log = createLogger(context);
  const clipboard = new ClipboardGuard((value) => log.addSecret(value));
  const projectConfigs = new ProjectConfigs(log);
  const documents = new SchemaDocuments(context.workspaceState, projectConfigs);
  context.subscriptions.push(clipboard, projectConfigs, documents);
  const storeServices = createStoreServices(context, log);
  const referenceIndex = new WorkspaceReferenceIndex({
    stores: storeServices.stores,
    settings: readReferenceSettings,
    log,
    storage: context.storageUri,
  });
  context.subscriptions.push(referenceIndex);
  const services: Services = { log, clipboard, documents, referenceIndex, ...storeServices };
  watchWorkspaceAttempts(context, log);
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()));

  registerStoreFeatures(context, services);
  const schemas = registerSchemaFeatures(context, services);
  const references = registerReferenceFeatures(context, services);
  const views = registerViewFeatures(context, services);
  const secretFs = registerSecretFileSystem(context, services);
  const migration = registerMigrationFeatures(context, services);
  const move = registerMoveFeatures(context, services, references.service);
  registerAgentTools(context, services);

  // Internals are handed out only to this extension's own test suite, never to other extensions.
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    const marks = globalThis as { __secretrefLoadStart?: number; __secretrefLoadEnd?: number };
    const activation = {
      evaluateMs: (marks.__secretrefLoadEnd ?? 0) - (marks.__secretrefLoadStart ?? 0),
      activateMs: performance.now() - activateStart,
    };
    return { services, schemas, references, views, secretFs, migration, move, loadedStoreSdks, activation, simulateProduction };
  }
  return undefined;
}

export function deactivate(): void {
  // Every resource is disposed through context.subscriptions.
}
