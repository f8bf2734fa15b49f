// Credential schema features in the editor: diagnostics, completion, hover, quick fixes and the
// status bar schema picker, all on the VS Code-free core in src/core/schemas.
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { SchemaCodeActionProvider } from './schemaCodeActions';
import { SchemaCompletionProvider } from './schemaCompletion';
import { SchemaDiagnostics } from './schemaDiagnostics';
import { SchemaHoverProvider } from './schemaHover';
import { SCHEMA_SELECTOR } from '../../constants';
import { SchemaStatusBar } from './schemaStatusBar';

/** Handed to the extension's own tests (ExtensionMode.Test) to time the provider in the host. */
export interface SchemasApi {
  readonly completion: SchemaCompletionProvider;
}

export function registerSchemaFeatures(context: vscode.ExtensionContext, services: Services): SchemasApi {
  const documents = services.documents;
  const completion = new SchemaCompletionProvider(documents);
  context.subscriptions.push(
    new SchemaDiagnostics(documents),
    new SchemaStatusBar(documents),
    vscode.languages.registerCompletionItemProvider(SCHEMA_SELECTOR, completion, ...SchemaCompletionProvider.triggers),
    vscode.languages.registerHoverProvider(SCHEMA_SELECTOR, new SchemaHoverProvider(documents)),
    vscode.languages.registerCodeActionsProvider(SCHEMA_SELECTOR, new SchemaCodeActionProvider(documents), {
      providedCodeActionKinds: SchemaCodeActionProvider.kinds,
    }),
  );
  services.log.info('Credential schema features ready (completion, diagnostics, hovers, quick fixes).');
  return { completion };
}
