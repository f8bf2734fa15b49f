// Hover on a reference: metadata and the masked value, with trusted command links (reveal for a few
// seconds, copy value, copy reference, open in the Secrets view). Warm hovers build from caches only.
import * as vscode from 'vscode';
import { hoverMarkdown, HoverLinks } from '../../core/references/hoverContent';
import type { Resolution } from '../../core/references/resolve';
import type { SecretReference } from '../../core/references/types';
import type { CredentialDocument } from '../../core/schemas';
import { schemaFromDocument } from '../../core/references/secretSchemaCheck';
import { COMMANDS } from '../../constants';
import { userSetting } from '../../platform/settings';
import { referenceArgument } from './referenceCommands';
import { indexQueryOf } from '../../core/references/referenceIndex';
import type { ReferenceService } from './referenceService';
import type { WorkspaceReferenceIndex } from './workspaceIndex';

function selfHostedHint(doc: CredentialDocument | undefined, ref: SecretReference): string | undefined {
  return doc ? schemaFromDocument(doc, ref) : undefined;
}

const ENABLED_COMMANDS = Object.values(COMMANDS.references);

function commandLink(command: string, document: vscode.TextDocument, ref: SecretReference): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([referenceArgument(document.uri.toString(), ref)]))}`;
}

/** How long a warm hover waits for metadata still in flight before showing without it. */
const METADATA_WAIT_MS = 1_000;

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}

export class ReferenceHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly service: ReferenceService,
    private readonly index?: WorkspaceReferenceIndex,
  ) {}

  /** How often the workspace references the same secret, once the index is built. */
  private usage(ref: SecretReference): { places: number; files: number } | undefined {
    const query = this.index?.isReady ? indexQueryOf(this.service.state, ref) : undefined;
    if (!query || !this.index) return undefined;
    const hits = this.index.referencesTo(query);
    return { places: hits.length, files: new Set(hits.map((hit) => hit.uri.toString())).size };
  }

  /** Builds the hover; `resolution` and `metadata` are whatever is known now. */
  build(
    document: vscode.TextDocument,
    ref: SecretReference,
    resolution: Resolution | undefined,
    metadata: Awaited<ReturnType<ReferenceService['state']['metadata']>>,
  ): vscode.Hover {
    const links: HoverLinks = { copyReference: commandLink(COMMANDS.references.copyReference, document, ref) };
    if (resolution?.status === 'resolved') {
      links.reveal = commandLink(COMMANDS.references.revealValue, document, ref);
      links.copyValue = commandLink(COMMANDS.references.copyValue, document, ref);
      links.openInView = commandLink(COMMANDS.references.openInSecretsView, document, ref);
      if (metadata?.rotation?.configured) links.rotateNow = commandLink(COMMANDS.references.rotateNow, document, ref);
    } else if (resolution?.code === 'secret-not-found') {
      // Opens the store (or the deepest folder that exists) where the secret can be written.
      links.openInView = commandLink(COMMANDS.references.openInSecretsView, document, ref);
    }
    const markdown = hoverMarkdown({
      ref,
      resolution,
      metadata,
      revealed: this.service.state.isRevealed(ref),
      revealSeconds: userSetting('revealSeconds'),
      links,
      schemaHint: ref.kind === 'self-hosted' ? selfHostedHint(this.service.credentialDocument(document), ref) : undefined,
      usage: this.usage(ref),
    });
    const content = new vscode.MarkdownString(markdown, true);
    content.isTrusted = { enabledCommands: ENABLED_COMMANDS };
    const range = new vscode.Range(document.positionAt(ref.offset), document.positionAt(ref.offset + ref.length));
    return new vscode.Hover(content, range);
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const ref = this.service.referenceAt(document, document.offsetAt(position));
    if (!ref) return undefined;
    const warm = this.service.state.peek(ref);
    const metadataPending = this.service.state.peekMetadata(ref) ?? this.service.state.metadata(ref);
    if (warm) {
      // Warm path: the value is cached. Metadata is usually settled too (then this costs nothing);
      // when it is still in flight, wait a little for it rather than show a hover without the version.
      const metadata = await Promise.race([metadataPending, delay(METADATA_WAIT_MS)]);
      return this.build(document, ref, warm, metadata);
    }
    const [resolution, metadata] = await Promise.all([this.service.state.resolve(ref), metadataPending]);
    return this.build(document, ref, resolution, metadata);
  }
}
