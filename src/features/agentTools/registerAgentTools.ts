// The agent tools (src/core/agentTools/) as VS Code language-model tools (package.json
// languageModelTools, vscode.lm.registerTool): a thin adapter that gives the core its context from the
// editor's services. Files are the open documents (unsaved text counts) and insert_reference applies a
// WorkspaceEdit (the user saves, or undoes); find_references reads the workspace reference index;
// propose_migration opens Migrate Connection's preview and decision, and migrates only if the user
// chooses Migrate there. Every answer comes from runAgentTool, the one serialiser.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  AGENT_TOOLS,
  AgentToolError,
  runAgentTool,
  type AgentMigration,
  type AgentToolContext,
  type AgentTool,
} from '../../core/agentTools';
import type { MigrationReport } from '../../core/migration/report';
import { COMMANDS, lmToolName } from '../../constants';
import type { Services } from '../../services';
import { readReferenceSettings } from '../references/referenceService';

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file')
    throw new AgentToolError('open a folder first: the tools work on the files of the workspace folder.');
  return folder.uri.fsPath;
}

function isReport(value: unknown): value is MigrationReport {
  return typeof value === 'object' && value !== null && 'outcomes' in value && Array.isArray((value as MigrationReport).outcomes);
}

/** Migrate Connection with the plan's store and connections: its preview, its decision, its run. */
function editorMigration(): AgentMigration {
  return {
    async propose(proposal, absoluteFile, input) {
      // No `confirmed` here: the user's choice in the editor is the only way to a write.
      const result: unknown = await vscode.commands.executeCommand(COMMANDS.migration.migrateConnection, {
        uri: vscode.Uri.file(absoluteFile),
        store: proposal.store,
        connections: input.connections,
        assumableRole: input.assumableRole,
      });
      if (!isReport(result) || result.cancelled)
        return {
          status: 'cancelled',
          note: `The user did not migrate: nothing was written to "${proposal.store}" and the file is unchanged.`,
        };
      return {
        status: 'migrated',
        outcomes: result.outcomes.map((o) => ({ name: o.name, status: o.status, secretPath: o.secretPath })),
        note: result.applied
          ? 'The user chose Migrate: the file now holds references (unsaved in the editor until the user saves).'
          : 'The user chose Migrate, but the file was not rewritten (see the outcomes).',
      };
    },
  };
}

export function agentToolContext(services: Services): AgentToolContext {
  return {
    get root() {
      return workspaceRoot();
    },
    stores: services.stores,
    configs: () => services.stores.configs(),
    settings: readReferenceSettings,
    credentialFiles: (relative) => services.documents.credentialFiles(vscode.Uri.joinPath(vscode.Uri.file(workspaceRoot()), relative)),
    files: {
      read: async (file) => (await vscode.workspace.openTextDocument(vscode.Uri.file(file))).getText(),
      async edit(file, base, edit) {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
        if (document.getText() !== base)
          throw new AgentToolError('the document changed while the reference was inserted; nothing was edited. Read it again and retry.');
        const change = new vscode.WorkspaceEdit();
        change.replace(
          document.uri,
          new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)),
          edit.content,
        );
        if (!(await vscode.workspace.applyEdit(change))) throw new AgentToolError('the editor refused the edit; nothing was changed.');
      },
    },
    async references(query) {
      await services.referenceIndex.current();
      // Relative to the first folder (`../other/...` for a file of another folder of a multi-root workspace).
      const root = workspaceRoot();
      return services.referenceIndex
        .referencesTo(query)
        .map((location) => ({ ...location.hit, file: path.relative(root, location.uri.fsPath).split(path.sep).join('/') }));
    },
    migration: editorMigration(),
    // The editor's credentials stay in SecretStorage and the store clients; the guard masks what a read returns.
    heldSecrets: () => [],
  };
}

/** An input field as text for a message (what the model sent; a non-string shows as JSON). */
function field(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  return typeof value === 'string' ? value : JSON.stringify(value ?? '');
}

/** What the confirmation of a writing tool says, from its input (names only). */
function confirmation(tool: AgentTool, input: Record<string, unknown>): vscode.LanguageModelToolConfirmationMessages | undefined {
  if (!tool.writes) return undefined;
  const file = field(input, 'file');
  if (tool.name === 'insert_reference') {
    const key = input.key === undefined ? '' : `.${field(input, 'key')}`;
    return {
      title: 'Insert a secret reference',
      message: `Insert a reference to ${field(input, 'store')}:${field(input, 'path')}${key} into ${file} at line ${field(input, 'line')}, column ${field(input, 'column')}? The edit stays unsaved until you save.`,
    };
  }
  return {
    title: 'Propose a migration',
    message: `Open the migration plan of ${file} to store "${field(input, 'store')}"? Nothing is written unless you choose Migrate in the plan.`,
  };
}

export function registerAgentTools(context: vscode.ExtensionContext, services: Services): void {
  // VS Code builds without the language-model API (or a host that disables it) get no tools.
  if (typeof vscode.lm?.registerTool !== 'function') return;
  const toolContext = agentToolContext(services);
  for (const tool of AGENT_TOOLS) {
    context.subscriptions.push(
      vscode.lm.registerTool<Record<string, unknown>>(lmToolName(tool.name), {
        prepareInvocation: (options) => ({
          invocationMessage: `secretref: ${tool.name.replace(/_/g, ' ')}`,
          confirmationMessages: confirmation(tool, options.input),
        }),
        async invoke(options) {
          const answer = await runAgentTool(tool.name, options.input, toolContext);
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answer.text)]);
        },
      }),
    );
  }
}
