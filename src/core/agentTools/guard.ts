// The one way an agent tool's answer leaves secretref: runAgentTool checks the input against the
// tool's schema, runs the handler with a context whose store reads are recorded, and serialises the
// result (or the refusal) through serializeToolResult, which passes plain JSON only and masks every
// value a read returned during the call and every credential the front end holds. The handlers build
// value-free results by construction (types.ts); this is the last line behind them.
import { ownValue } from '../ownKeys';
import { redact } from '../redaction';
import { isStoreError, type SecretValue } from '../stores/types';
import { PlanError } from '../migration/planner';
import { agentTool } from './tools';
import { AgentToolContext, AgentToolError, type AgentTool, type ToolInputSchema, type ToolResult } from './types';

/** What a front end sends back: the JSON text and whether it is a refusal. */
export interface SerializedToolResult {
  text: string;
  isError: boolean;
}

/** Every string a read secret holds: its keys' values (also as JSON), its text, its bytes. */
function valuesOf(secret: SecretValue): string[] {
  if (secret.type === 'text') return [secret.text];
  if (secret.type === 'binary') {
    const bytes = Buffer.from(secret.bytes);
    return [bytes.toString('base64'), bytes.toString('utf8')];
  }
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(secret.data);
  for (const value of Object.values(secret.data)) if (value && typeof value === 'object') out.push(JSON.stringify(value));
  return out;
}

/**
 * The result as JSON text: plain objects, arrays, strings, finite numbers, booleans and null only
 * (anything else is a bug, refused), every string with the `secrets` masked.
 */
export function serializeToolResult(result: ToolResult, secrets: Iterable<string>): SerializedToolResult {
  // Values of a few characters ("5432", "true") would mask names and numbers everywhere: a secret is longer.
  const masked = [...new Set(secrets)].filter((s) => s.length >= 6);
  const replacer = (_key: string, value: unknown): unknown => {
    if (typeof value === 'string') return redact(value, masked);
    if (value === null || typeof value === 'boolean' || Array.isArray(value)) return value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error('a tool result holds a number that is not finite');
      return value;
    }
    if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return value;
    throw new Error(`a tool result holds a ${typeof value === 'object' ? 'non-plain object' : typeof value}`);
  };
  try {
    const body = result.ok ? result.result : { error: result.error };
    return { text: JSON.stringify(body, replacer, 2), isError: !result.ok };
  } catch {
    return { text: JSON.stringify({ error: 'secretref could not serialise this tool result; nothing was returned.' }), isError: true };
  }
}

function typeProblem(name: string, spec: Record<string, unknown>, value: unknown): string | undefined {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' ? undefined : `"${name}" must be a string`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `"${name}" must be true or false`;
    case 'integer': {
      const min = typeof spec.minimum === 'number' ? spec.minimum : -Infinity;
      return Number.isInteger(value) && (value as number) >= min
        ? undefined
        : `"${name}" must be an integer${min > -Infinity ? ` of at least ${min}` : ''}`;
    }
    case 'array':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : `"${name}" must be an array of strings`;
    default:
      return undefined;
  }
}

/** Why the input does not fit the tool's schema, or undefined. */
export function inputProblem(schema: ToolInputSchema, input: unknown): string | undefined {
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) return 'the arguments must be an object';
  const record = input as Record<string, unknown>;
  for (const name of schema.required ?? []) if (record[name] === undefined) return `"${name}" is required`;
  for (const [name, value] of Object.entries(record)) {
    const spec = ownValue(schema.properties, name);
    if (!spec) return `unknown argument "${name}" (expected: ${Object.keys(schema.properties).join(', ') || 'none'})`;
    if (value === undefined) continue;
    const problem = typeProblem(name, spec, value);
    if (problem) return problem;
  }
  return undefined;
}

function errorText(tool: AgentTool, error: unknown): string {
  // Refusals and store errors are written to be read (names and reasons, no value); anything else is a bug.
  if (error instanceof AgentToolError || error instanceof PlanError || isStoreError(error)) return error.message;
  return `${tool.name} failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** Runs a tool by name for a front end: the one path from an agent's call to the text it gets back. */
export async function runAgentTool(name: string, input: unknown, context: AgentToolContext): Promise<SerializedToolResult> {
  const seen = new Set<string>();
  const tool = agentTool(name);
  let result: ToolResult;
  if (!tool) result = { ok: false, error: `unknown tool "${name}"` };
  else {
    const problem = inputProblem(tool.inputSchema, input);
    if (problem) result = { ok: false, error: `${tool.name}: ${problem}.` };
    else {
      // Every value a store hands the handler is known to the guard, whatever the handler does with it.
      const read: AgentToolContext['stores']['read'] = async (store, path, options) => {
        const secret = await context.stores.read(store, path, options);
        for (const value of valuesOf(secret)) seen.add(value);
        return secret;
      };
      const conceal = (values: Iterable<string>) => {
        for (const value of values) seen.add(value);
      };
      try {
        const recorded: AgentToolContext = { ...context, stores: { ...bind(context.stores), read }, conceal };
        result = await tool.handler((input ?? {}) as Record<string, unknown>, recorded);
      } catch (error) {
        result = { ok: false, error: errorText(tool, error) };
      }
    }
  }
  return serializeToolResult(result, [...context.heldSecrets(), ...seen]);
}

/** The store calls of the context bound to it (a manager's methods use `this`). */
function bind(stores: AgentToolContext['stores']): AgentToolContext['stores'] {
  return {
    configs: () => stores.configs(),
    list: (store, options) => stores.list(store, options),
    read: (store, path, options) => stores.read(store, path, options),
    ...(stores.metadata ? { metadata: stores.metadata.bind(stores) } : {}),
    ...(stores.vaultKvVersion ? { vaultKvVersion: stores.vaultKvVersion.bind(stores) } : {}),
  };
}
