// Registers Move / Rename…: the Secrets view's command on a secret or key node, the rename provider (F2)
// on a reference, and the check for moves left unfinished, at activation.
import * as vscode from 'vscode';
import { COMMANDS } from '../../constants';
import { secretIdentity } from '../../core/references/arn';
import type { SecretReference, Span } from '../../core/references/types';
import { commandOptions, registerTestCommand, testHooksEnabled } from '../../platform/testHooks';
import type { Services } from '../../services';
import type { ReferenceService } from '../references/referenceService';
import { whenTrusted } from '../stores/workspaceTrust';
import { asNode } from '../views/actions/actionContext';
import { createInterruptedMoves, InterruptedMovesApi, MoveRecoveryChoice } from './interruptedMoves';
import { askDestination, MoveOptions, requestFor, runMove } from './moveSecret';

export interface MoveApi {
  readonly interrupted: InterruptedMovesApi;
}

/** What the extension's own tests answer instead of the user (set through COMMANDS.move.testAnswers). */
let testAnswers: (MoveOptions & { recovery?: MoveRecoveryChoice }) | undefined;

function answers(): typeof testAnswers {
  return testHooksEnabled() ? testAnswers : undefined;
}

function inside(span: Span | undefined, offset: number): boolean {
  return span !== undefined && offset >= span.offset && offset <= span.offset + span.length;
}

/** The part of a reference F2 renames: its key (Vault), else the part naming the secret. */
function renamedPart(
  service: ReferenceService,
  services: Services,
  ref: SecretReference,
  offset: number,
): { span: Span; placeholder: string; store: string; kind: 'vault' | 'aws'; from: { path: string; key?: string } } {
  const found = service.state.targetOf(ref);
  if ('problem' in found) throw new Error(found.problem.message);
  const config = services.stores.config(found.target.store);
  if (!config) throw new Error(`No store config named "${found.target.store}".`);
  const path = secretIdentity(found.target.path);
  if (ref.kind === 'vault' && inside(ref.parts.key, offset) && ref.key !== null)
    return { span: ref.parts.key!, placeholder: ref.key, store: config.name, kind: config.kind, from: { path, key: ref.key } };
  const span = ref.parts.path ?? ref.parts.secretId;
  if (ref.kind === 'template' || !span)
    throw new Error('A template reads its secret through the secretref.templates setting: move the secret from the Secrets view.');
  return { span, placeholder: path, store: config.name, kind: config.kind, from: { path } };
}

class SecretRenameProvider implements vscode.RenameProvider {
  constructor(
    private readonly services: Services,
    private readonly service: ReferenceService,
    private readonly moves: InterruptedMovesApi,
  ) {}

  prepareRename(document: vscode.TextDocument, position: vscode.Position): { range: vscode.Range; placeholder: string } {
    const offset = document.offsetAt(position);
    const ref = this.service.referenceAt(document, offset);
    if (!ref) throw new Error('Move / Rename works on a secret reference.');
    const part = renamedPart(this.service, this.services, ref, offset);
    return {
      range: new vscode.Range(document.positionAt(part.span.offset), document.positionAt(part.span.offset + part.span.length)),
      placeholder: part.placeholder,
    };
  }

  async provideRenameEdits(document: vscode.TextDocument, position: vscode.Position, newName: string): Promise<vscode.WorkspaceEdit> {
    const offset = document.offsetAt(position);
    const ref = this.service.referenceAt(document, offset);
    if (!ref) throw new Error('Move / Rename works on a secret reference.');
    const part = renamedPart(this.service, this.services, ref, offset);
    if (!vscode.workspace.isTrusted) throw new Error('Move / Rename writes to a store: trust this workspace first.');
    // The whole move runs here: the copy, its verification, the previewed rewrite and the delete modal.
    // The rewrite is its own (undoable) WorkspaceEdit, so F2 itself has nothing more to apply.
    await runMove(this.services, this.moves, requestFor(part.store, part.kind, part.from, newName), answers() ?? {});
    return new vscode.WorkspaceEdit();
  }
}

export function registerMoveFeatures(context: vscode.ExtensionContext, services: Services, service: ReferenceService): MoveApi {
  const interrupted = createInterruptedMoves(services);
  context.subscriptions.push(
    vscode.commands.registerCommand(
      COMMANDS.move.moveSecret,
      whenTrusted(
        'Move / Rename',
        async (nodeArg: unknown, optionsArg: unknown) => {
          const node = asNode(nodeArg);
          if (!node || (node.type !== 'secret' && node.type !== 'key')) return false;
          const options = commandOptions(
            (typeof optionsArg === 'object' && optionsArg !== null && !Array.isArray(optionsArg) ? optionsArg : {}) as MoveOptions,
          );
          const config = services.stores.config(node.store);
          if (!config) return false;
          const from = { path: node.path, key: node.type === 'key' ? node.key : undefined };
          const typed = options.path ?? (await askDestination(services, node.store, from));
          if (typed === undefined) return false;
          return runMove(services, interrupted, requestFor(node.store, config.kind, from, typed), options);
        },
        false,
      ),
    ),
    vscode.languages.registerRenameProvider([{ scheme: 'file' }], new SecretRenameProvider(services, service, interrupted)),
  );
  registerTestCommand(context, COMMANDS.move.testAnswers, (value) => {
    testAnswers = value as typeof testAnswers;
    return true;
  });
  void interrupted
    .check(answers()?.recovery)
    .catch((error: unknown) => services.log.error(`Unfinished moves: ${error instanceof Error ? error.message : String(error)}`));
  return { interrupted };
}
