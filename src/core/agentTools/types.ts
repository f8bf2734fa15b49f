// The shapes of the agent tools (tools.ts): what a tool is, the small context a front end gives them
// (the MCP server of `secretref mcp`, the VS Code language-model tools) and the value-free result
// types. Every result type holds names, positions, codes and value-free messages only: no field can
// carry a secret value, a token or a key.
import type { OutcomeStatus } from '../migration/report';
import type { TextEdit } from '../migration/types';
import type { IndexHit, IndexQuery } from '../references/referenceIndex';
import type { ReferenceSettings } from '../references/settings';
import type { StoreManagerWithStats } from '../stores/storeManager';
import type { ResolvedStoreConfig, StoreManager } from '../stores/types';

/** A JSON Schema of a tool's input (the subset MCP and VS Code's languageModelTools use). */
export interface ToolInputSchema {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties?: boolean;
}

/** One tool: what an agent sees of it and the one handler both front ends call. */
export interface AgentTool<Input = Record<string, unknown>> {
  name: string;
  /** What the tool does, for the model: one paragraph. */
  description: string;
  inputSchema: ToolInputSchema;
  /** It changes a file or a store (VS Code asks before it runs: prepareInvocation). */
  writes: boolean;
  handler(input: Input, context: AgentToolContext): Promise<ToolResult>;
}

/** How the tools read and edit files; paths are absolute (the tools check they are under the root). */
export interface AgentFiles {
  /** The text the tools work on, BOM removed (in the editor: the open document's, unsaved edits included). */
  read(file: string): Promise<string>;
  /**
   * Applies the edit to the text read as `base`; throws AgentToolError when the file's text is no
   * longer `base` (changed since it was read) or cannot be written. Keeps the BOM and line endings.
   */
  edit(file: string, base: string, edit: TextEdit): Promise<void>;
}

/** A planned migration in names only (proposeMigration's result): no value, no masked value, no diff. */
export interface MigrationProposal {
  /** As the tool was given it (relative to the root when under it). */
  file: string;
  store: string;
  storeKind: 'vault' | 'aws';
  connections: ProposedConnection[];
}

export interface ProposedConnection {
  name: string;
  location: string;
  schema: string;
  status: 'ready' | 'skipped';
  skipReason: string | null;
  /** The secret to create: its path (Vault) or name (AWS), and the keys it will hold. */
  secretPath: string;
  secretKeys: string[];
  /** The fields that become references (Vault): dotted path in the credentials and key in the secret. */
  fields: { path: string; key: string }[];
}

/** What became of a proposal: the front end's answer, in names only. */
export type MigrationDecision =
  | { status: 'proposed'; command: string; note: string }
  | { status: 'cancelled'; note: string }
  | { status: 'migrated'; outcomes: { name: string; status: OutcomeStatus; secretPath: string }[]; note: string };

export interface AgentMigration {
  /** Puts the plan before the user (editor: the preview and its decision; MCP: the command to run); never writes unasked. */
  propose(
    proposal: MigrationProposal,
    absoluteFile: string,
    input: { connections?: string[]; namePattern?: string; assumableRole?: string },
  ): Promise<MigrationDecision>;
}

/** The store calls the tools make: configs, listings, and reads whose values never leave the handler. */
export type AgentStores = Pick<StoreManager, 'configs' | 'list' | 'read'> &
  Partial<Pick<StoreManagerWithStats, 'metadata' | 'vaultKvVersion'>>;

export interface AgentToolContext {
  /** The workspace (repository) root: file inputs are relative to it; a path outside it is refused. */
  root: string;
  stores: AgentStores;
  /** The configs the tools list and plan with (default stores.configs()). */
  configs(): readonly ResolvedStoreConfig[];
  settings(): ReferenceSettings;
  /** `secretref.credentialFiles` (and .secretref.json's) for a file, relative path. */
  credentialFiles(relative: string): Readonly<Record<string, string>>;
  files: AgentFiles;
  /** The references to a secret from the workspace reference index, brought up to date first; files relative to root. */
  references(query: IndexQuery): Promise<IndexHit[]>;
  migration: AgentMigration;
  /** Credentials this front end holds (tokens, keys, secret ids): the final guard masks them too. */
  heldSecrets(): Iterable<string>;
  /** Set by runAgentTool: values a handler came across (a file's own values), masked in this call's answer. */
  conceal?(values: Iterable<string>): void;
}

/** A tool's answer before the guard: plain JSON of the value-free types above, or a refusal in words. */
export type ToolResult = { ok: true; result: object } | { ok: false; error: string };

/** A refusal with a message for the agent (bad input, a file that changed): no value in it. */
export class AgentToolError extends Error {}
