// Show metadata: versions, dates, stages, tags and ARN of a secret in a read-only JSON document
// (scheme `secretref-metadata`). The metadata call never returns a value, so the document holds none.
import type { Services } from '../../../services';
import * as vscode from 'vscode';
import { METADATA_SCHEME } from '../../../constants';
import { withFormattedTimes } from '../../../core/timestamp';
import { formatSecretPath, parseSecretPath } from '../../secretFs/secretPath';
import { ActionContext, asNode, runAction } from './actionContext';

const SUFFIX = '.metadata.json';

export class MetadataDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly services: Services) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const location = parseSecretPath(uri.path, SUFFIX);
    if (!location) throw new Error(`Not a secret metadata address: ${uri.path}`);
    const metadata = await this.services.stores.metadata(location.store, location.path);
    return `${JSON.stringify(withFormattedTimes(metadata), null, 2)}\n`;
  }
}

export async function showMetadata(ctx: ActionContext, nodeArg: unknown): Promise<vscode.TextDocument | undefined> {
  const node = asNode(nodeArg);
  if (!node || !('path' in node)) return undefined;
  const location = { store: node.store, path: node.path };
  return runAction(ctx.services, 'Show metadata', async () => {
    // Fail here, with one message, rather than inside the document provider.
    await ctx.services.stores.metadata(location.store, location.path);
    const uri = vscode.Uri.from({ scheme: METADATA_SCHEME, path: formatSecretPath(location, SUFFIX) });
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
    return document;
  });
}
