// Registers hover, completion, diagnostics, Find All References, Go to Definition, Workspace Symbols and the hover's commands for secret references in every
// text document (JSON, JSONC, YAML, Python, dotenv, plain text, ...), and the `inline-secret` quick fix.
import type { Services } from '../../services';
import * as vscode from 'vscode';
import { COMMANDS, DRIFT_SCHEME } from '../../constants';
import { compareEnvironmentsCommand, DriftReports } from './compareEnvironments';
import { compareWithStoreCommand } from './compareWithStore';
import { whenTrusted } from '../stores/workspaceTrust';
import { SecretReferenceProvider } from './findAllReferences';
import { SecretDefinitionProvider, SecretSymbolProvider } from './goToSecret';
import { StoreFixActionProvider } from './storeFixActions';
import { InlineSecretActionProvider } from './inlineSecretActions';
import { registerReferenceCommands } from './referenceCommands';
import { ReferenceCompletionProvider } from './referenceCompletion';
import { ReferenceDiagnostics } from './referenceDiagnostics';
import { ReferenceHoverProvider } from './referenceHover';
import { ReferenceService } from './referenceService';

export interface ReferencesApi {
  readonly service: ReferenceService;
  readonly diagnostics: ReferenceDiagnostics;
  readonly hover: ReferenceHoverProvider;
}

const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];
const CREDENTIAL_DOCUMENTS: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

export function registerReferenceFeatures(context: vscode.ExtensionContext, services: Services): ReferencesApi {
  const service = new ReferenceService(services);
  const hover = new ReferenceHoverProvider(service, services.referenceIndex);
  const diagnostics = new ReferenceDiagnostics(service);
  const driftReports = new DriftReports();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(DRIFT_SCHEME, driftReports),
    vscode.commands.registerCommand(COMMANDS.references.compareEnvironments, (first: unknown, selection: unknown) =>
      compareEnvironmentsCommand(services, driftReports, first, selection),
    ),
    vscode.commands.registerCommand(
      COMMANDS.references.compareWithStore,
      whenTrusted('Compare Inline Secrets with a Store', (arg, options) => compareWithStoreCommand(services, arg, options)),
    ),
    service,
    diagnostics,
    vscode.languages.registerHoverProvider(SELECTOR, hover),
    vscode.languages.registerReferenceProvider(SELECTOR, new SecretReferenceProvider(service, services.referenceIndex)),
    vscode.languages.registerDefinitionProvider(SELECTOR, new SecretDefinitionProvider(service)),
    vscode.languages.registerWorkspaceSymbolProvider(new SecretSymbolProvider(service, services.referenceIndex)),
    vscode.languages.registerCompletionItemProvider(
      SELECTOR,
      new ReferenceCompletionProvider(service),
      ...ReferenceCompletionProvider.triggers,
    ),
    ...registerReferenceCommands(service, services.clipboard),
    vscode.languages.registerCodeActionsProvider(CREDENTIAL_DOCUMENTS, new InlineSecretActionProvider(service), {
      providedCodeActionKinds: InlineSecretActionProvider.kinds,
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new StoreFixActionProvider(), {
      providedCodeActionKinds: StoreFixActionProvider.kinds,
    }),
  );
  return { service, diagnostics, hover };
}
