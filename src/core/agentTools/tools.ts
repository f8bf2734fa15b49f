// The agent tools, defined once for every front end (the MCP server of `secretref mcp`, the VS Code
// language-model tools): list store configs, list secret paths and keys, check a config file, find
// references to a secret, insert a reference, propose a migration. Each handler builds its result from
// names, positions, codes and value-free messages only; values a handler reads (a secret's keys are
// learnt by reading it) stay inside it. runAgentTool (guard.ts) is the one way a result leaves.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INLINE_SECRET_CODE } from '../../constants';
import type { CoreDiagnostic } from '../diagnostics';
import { analyzeText } from '../fileAnalysis';
import { LineIndex } from '../lineIndex';
import { planMigration } from '../migration/planner';
import { targetFromStoreConfig } from '../migration/target';
import { formatAwsReference } from '../references/awsReference';
import { ReferenceIndex, type IndexQuery } from '../references/referenceIndex';
import { ReferenceState } from '../references/referenceState';
import { keyReference, scanReferences } from '../references/scanner';
import { fileStoreDiagnostics } from '../references/storeDiagnostics';
import { secretKeyNames } from '../stores/secretValue';
import type { ResolvedStoreConfig } from '../stores/types';
import { AgentTool, AgentToolContext, AgentToolError, MigrationProposal, ToolInputSchema, ToolResult } from './types';

/** Entries one list_secrets call returns at most (a narrower prefix lists the rest). */
export const MAX_LISTED = 200;

const ok = (result: object): ToolResult => ({ ok: true, result });

/** A tool's input: an object of these properties, no other. */
function objectSchema(properties: ToolInputSchema['properties'], required: string[]): ToolInputSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** A file input: absolute, under the root (symbolic links followed), and the path relative to the root. */
export function workspaceFile(context: AgentToolContext, file: string): { absolute: string; relative: string } {
  const absolute = path.resolve(context.root, file);
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  };
  const relative = path.relative(real(context.root), real(absolute));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
    throw new AgentToolError(`"${file}" is not a file in the workspace (${context.root}): give a path relative to it.`);
  return { absolute, relative: relative.split(path.sep).join('/') };
}

async function readWorkspaceFile(context: AgentToolContext, file: string): Promise<{ absolute: string; relative: string; text: string }> {
  const where = workspaceFile(context, file);
  let text: string;
  try {
    text = await context.files.read(where.absolute);
  } catch (error) {
    if (error instanceof AgentToolError) throw error;
    throw new AgentToolError(`cannot read "${where.relative}": check that the file exists and is readable.`);
  }
  return { ...where, text };
}

function storeConfig(context: AgentToolContext, name: string): ResolvedStoreConfig {
  const config = context.configs().find((c) => c.name === name);
  if (!config) {
    const known = context.configs().map((c) => c.name);
    throw new AgentToolError(`no store config named "${name}" (known: ${known.join(', ') || 'none'}); list_store_configs lists them.`);
  }
  return config;
}

/** A 1-based line and column of the text as an offset, or why it is no position in it. */
function offsetAt(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  if (line < 1 || line > lines.length) throw new AgentToolError(`line ${line} is not in the file (it has ${lines.length} lines).`);
  const content = lines[line - 1].replace(/\r$/, '');
  if (column < 1 || column > content.length + 1)
    throw new AgentToolError(`column ${column} is not on line ${line} (it has ${content.length} characters; columns are 1-based).`);
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
  return offset + column - 1;
}

/** A value's text as written and, for a quoted one, without its quotes. */
function unquoted(written: string): string[] {
  const quoted = written.length >= 2 && /^["'].*["']$/s.test(written);
  return quoted ? [written, written.slice(1, -1)] : [written];
}

function diagnosticRow(d: CoreDiagnostic, lines: LineIndex) {
  const start = lines.position(d.offset);
  const end = lines.position(d.offset + d.length);
  return {
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    severity: d.severity,
    code: d.code,
    path: d.path,
    message: d.message,
  };
}

const listStoreConfigs: AgentTool = {
  name: 'list_store_configs',
  description:
    'Lists the secret store configs secretref knows (OpenBao/Vault KV engines, AWS Secrets Manager): name, kind, where the config comes from, the KV engine or the region. Names only: no address, token or key.',
  inputSchema: objectSchema({}, []),
  writes: false,
  async handler(_input, context) {
    const stores = context.configs().map((c) => ({
      name: c.name,
      kind: c.kind,
      enabled: c.enabled !== false,
      source: c.source,
      ...(c.kind === 'vault' ? { enginePath: c.enginePath ?? 'secret' } : { region: c.region }),
    }));
    return ok({ stores });
  },
};

interface ListSecretsInput {
  store: string;
  prefix?: string;
  secret?: string;
}

const listSecrets: AgentTool<ListSecretsInput> = {
  name: 'list_secrets',
  description:
    'Lists secret paths (Vault: one folder level under `prefix`, folders end with "/"; AWS: secret names starting with `prefix`) of a store config, or, with `secret`, the key names of one secret. Names only: a value never leaves secretref.',
  inputSchema: objectSchema(
    {
      store: { type: 'string', description: 'The store config name (list_store_configs).' },
      prefix: { type: 'string', description: 'Vault: the folder to list ("apps/"); AWS: a name prefix. Default: the top.' },
      secret: { type: 'string', description: "A secret's path (Vault) or name (AWS): list its key names instead." },
    },
    ['store'],
  ),
  writes: false,
  async handler(input, context) {
    storeConfig(context, input.store);
    if (input.secret !== undefined) {
      const secret = await context.stores.read(input.store, input.secret);
      const keys = secretKeyNames(secret);
      return ok({ store: input.store, secret: input.secret, type: secret.type, keys });
    }
    const entries: { path: string; name: string; isFolder: boolean }[] = [];
    let pageToken: string | undefined;
    do {
      const page = await context.stores.list(input.store, { prefix: input.prefix, pageToken, pageSize: 100 });
      for (const entry of page.entries) entries.push({ path: entry.path, name: entry.name, isFolder: entry.isFolder });
      pageToken = page.nextPageToken;
    } while (pageToken && entries.length < MAX_LISTED);
    const truncated = pageToken !== undefined || entries.length > MAX_LISTED;
    return ok({ store: input.store, prefix: input.prefix ?? '', entries: entries.slice(0, MAX_LISTED), truncated });
  },
};

interface CheckInput {
  file: string;
  resolve?: boolean;
}

const checkFileTool: AgentTool<CheckInput> = {
  name: 'check_file',
  description:
    "Checks a config file as `secretref check` does: credential schemas (JSON/JSONC credential documents and connections files), reference syntax and inline secrets (also YAML, .env, Python, TOML, properties); with resolve, also whether each reference's secret and key exist in its store. Returns diagnostics: position, severity, code, message (names only, never a value).",
  inputSchema: objectSchema(
    {
      file: { type: 'string', description: 'The file, relative to the workspace root.' },
      resolve: {
        type: 'boolean',
        description: 'Also resolve references against the stores (reads them; returns only whether they resolve).',
      },
    },
    ['file'],
  ),
  writes: false,
  async handler(input, context) {
    const { relative, text } = await readWorkspaceFile(context, input.file);
    const credentialFiles = context.credentialFiles(relative);
    const { diagnostics, schema, contexts } = analyzeText(text, relative, { credentialFiles });
    // The inline secrets found are known to the guard: no message may repeat one.
    context.conceal?.(
      diagnostics.filter((d) => d.code === INLINE_SECRET_CODE).flatMap((d) => unquoted(text.slice(d.offset, d.offset + d.length))),
    );
    if (input.resolve) {
      const state = new ReferenceState({ stores: context.stores, settings: () => context.settings(), configs: () => context.configs() });
      try {
        diagnostics.push(...(await fileStoreDiagnostics(text, relative, state, contexts, { credentialFiles })));
        diagnostics.sort((a, b) => a.offset - b.offset);
      } finally {
        state.dispose();
      }
    }
    const lines = new LineIndex(text);
    return ok({ file: relative, schema: schema ?? null, diagnostics: diagnostics.map((d) => diagnosticRow(d, lines)) });
  },
};

interface FindInput {
  store: string;
  path: string;
  key?: string;
}

const findReferences: AgentTool<FindInput> = {
  name: 'find_references',
  description:
    'Finds every reference to a secret (or to one key of it) across the workspace, from the reference index (as `secretref refs --to`): file, 1-based line and column, kind, store, path, key, version, and the reference text itself. No value.',
  inputSchema: objectSchema(
    {
      store: { type: 'string', description: 'The store config name.' },
      path: { type: 'string', description: 'Vault path or AWS secret name (or ARN).' },
      key: { type: 'string', description: 'Only the references to this key.' },
    },
    ['store', 'path'],
  ),
  writes: false,
  async handler(input, context) {
    const query: IndexQuery = { store: input.store, path: input.path, key: input.key };
    const texts = new Map<string, string | undefined>();
    const references = [];
    for (const hit of await context.references(query)) {
      if (!texts.has(hit.file)) texts.set(hit.file, await context.files.read(path.join(context.root, hit.file)).catch(() => undefined));
      const text = texts.get(hit.file);
      // A file that changed since it was indexed: its reference is reported only where it still is.
      const raw = text?.slice(hit.ref.offset, hit.ref.offset + hit.ref.length);
      if (raw === undefined || scanReferences(raw).references.length !== 1) continue;
      references.push(ReferenceIndex.row(hit, raw));
    }
    return ok({ store: input.store, path: input.path, key: input.key ?? null, references });
  },
};

interface InsertInput {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  store: string;
  path: string;
  key?: string;
  versionStage?: string;
}

/** The reference text for a store config's kind: vault.secret(store:path.key), or an AWS dynamic reference. */
export function referenceText(config: ResolvedStoreConfig, secret: string, key?: string, versionStage?: string): string {
  if (config.kind === 'vault') {
    if (!key) throw new AgentToolError(`a Vault reference names a key: give "key" (list_secrets with secret "${secret}" lists them).`);
    if (versionStage) throw new AgentToolError('versionStage applies to AWS references only.');
    return keyReference('vault', config.name, secret, key);
  }
  return versionStage || !key
    ? formatAwsReference({ secretId: secret, jsonKey: key, versionStage })
    : keyReference('aws', config.name, secret, key);
}

const insertReference: AgentTool<InsertInput> = {
  name: 'insert_reference',
  description:
    'Inserts a secret reference at a 1-based line and column of a file (or replaces the text up to endLine/endColumn, e.g. an inline secret): vault.secret(<store>:<path>.<key>) for a Vault store, {{resolve:secretsmanager:<name>[:SecretString:<key>]}} for AWS. Refused when the position is not in the file or the file changed while it was edited. Returns where the reference now is.',
  inputSchema: objectSchema(
    {
      file: { type: 'string', description: 'The file, relative to the workspace root.' },
      line: { type: 'integer', minimum: 1, description: '1-based line.' },
      column: { type: 'integer', minimum: 1, description: '1-based column (UTF-16 code units).' },
      endLine: { type: 'integer', minimum: 1, description: 'With endColumn: replace up to here (exclusive).' },
      endColumn: { type: 'integer', minimum: 1 },
      store: { type: 'string', description: 'The store config name.' },
      path: { type: 'string', description: 'Vault path or AWS secret name.' },
      key: { type: 'string', description: 'The key (required for Vault).' },
      versionStage: { type: 'string', description: 'AWS only: a version stage (AWSCURRENT, AWSPREVIOUS, ...).' },
    },
    ['file', 'line', 'column', 'store', 'path'],
  ),
  writes: true,
  async handler(input, context) {
    const config = storeConfig(context, input.store);
    const reference = referenceText(config, input.path, input.key, input.versionStage);
    const parsed = scanReferences(reference);
    if (parsed.references.length !== 1 || parsed.diagnostics.length > 0)
      throw new AgentToolError(
        `"${input.path}"${input.key ? ` with key "${input.key}"` : ''} makes no well-formed reference: check the path and key names.`,
      );
    if ((input.endLine === undefined) !== (input.endColumn === undefined))
      throw new AgentToolError('give endLine and endColumn together, or neither.');
    const { absolute, relative, text } = await readWorkspaceFile(context, input.file);
    const start = offsetAt(text, input.line, input.column);
    const end = input.endLine === undefined ? start : offsetAt(text, input.endLine, input.endColumn!);
    if (end < start) throw new AgentToolError('the end (endLine, endColumn) is before the start (line, column).');
    const inside = scanReferences(text).references.find((ref) => start > ref.offset && start < ref.offset + ref.length);
    if (inside)
      throw new AgentToolError(
        `line ${input.line}, column ${input.column} is inside a reference already: insert before or after it, or replace it whole.`,
      );
    await context.files.edit(absolute, text, { offset: start, length: end - start, content: reference });
    const after = new LineIndex(text.slice(0, start) + reference);
    const endPosition = after.position(start + reference.length);
    return ok({
      file: relative,
      reference,
      line: input.line,
      column: input.column,
      endLine: endPosition.line,
      endColumn: endPosition.column,
    });
  },
};

interface MigrateInput {
  file: string;
  store: string;
  connections?: string[];
  namePattern?: string;
  assumableRole?: string;
}

const proposeMigration: AgentTool<MigrateInput> = {
  name: 'propose_migration',
  description:
    "Plans moving a credential file's inline secrets into a store (as `secretref migrate`) and puts the plan before the user, who alone decides: in VS Code the migration preview opens and runs only if the user confirms there; over MCP nothing is written and the result holds the `secretref migrate` command for the user to run. Returns the plan in names only (connections, fields, secret paths, keys) and what the user chose.",
  inputSchema: objectSchema(
    {
      file: { type: 'string', description: 'The credential document or connections file, relative to the workspace root.' },
      store: { type: 'string', description: 'The store config to write to.' },
      connections: { type: 'array', items: { type: 'string' }, description: 'Only these connections (names or [index]).' },
      namePattern: { type: 'string', description: 'Secret names, default secretref/{file}/{connection} (also {type}, {index}).' },
      assumableRole: {
        type: 'string',
        description: "AWS: the IAM role ARN Monte Carlo assumes to read the secret (default: the store config's roleArn).",
      },
    },
    ['file', 'store'],
  ),
  writes: true,
  async handler(input, context) {
    const config = storeConfig(context, input.store);
    const { absolute, relative, text } = await readWorkspaceFile(context, input.file);
    const kvVersion = config.kind === 'vault' ? await context.stores.vaultKvVersion?.(config.name).catch(() => undefined) : undefined;
    const plan = planMigration({
      source: relative,
      text,
      target: targetFromStoreConfig(config, { kvVersion, assumableRole: input.assumableRole }),
      credentialFiles: context.credentialFiles(relative),
      namePattern: input.namePattern,
      select: input.connections,
    });
    context.conceal?.(plan.connections.flatMap((c) => c.values.strings()));
    const proposal: MigrationProposal = {
      file: relative,
      store: config.name,
      storeKind: config.kind,
      connections: plan.connections.map((c) => ({
        name: c.name,
        location: c.location,
        schema: c.schema,
        status: c.status,
        skipReason: c.skipReason ?? null,
        secretPath: c.secretPath,
        secretKeys: [...c.secretKeys],
        fields: c.fields.map((f) => ({ path: f.path, key: f.key })),
      })),
    };
    const decision = await context.migration.propose(proposal, absolute, {
      connections: input.connections,
      namePattern: input.namePattern,
      assumableRole: input.assumableRole,
    });
    return ok({ plan: proposal, decision });
  },
};

/** Every tool, in the order front ends list them. */
export const AGENT_TOOLS: readonly AgentTool[] = [
  listStoreConfigs,
  listSecrets as unknown as AgentTool,
  checkFileTool as unknown as AgentTool,
  findReferences as unknown as AgentTool,
  insertReference as unknown as AgentTool,
  proposeMigration as unknown as AgentTool,
];

export function agentTool(name: string): AgentTool | undefined {
  return AGENT_TOOLS.find((tool) => tool.name === name);
}
