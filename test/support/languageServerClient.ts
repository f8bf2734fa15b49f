// A language-server client for tests: spawns `secretref-language-server --stdio` (the tsc output) and
// speaks JSON-RPC to it with vscode-jsonrpc, keeping each document's text, the diagnostics pushed, the
// messages shown, and the whole transcript of what the server sent (for "no value ever" checks).
// Waits are for real conditions (a publish that satisfies a predicate) with a deadline, never a sleep.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as assert from 'node:assert/strict';
import { vaultStore } from '../fixtures/migration/migrationHarness';
import type { Diagnostic, MessageActionItem, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

export const LANGUAGE_SERVER = path.join(__dirname, '../../src/languageServer/main.js');

interface Published {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export class LanguageServerClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  /** Everything the server wrote to standard output, and to standard error. */
  transcript = '';
  stderr = '';
  readonly published: Published[] = [];
  readonly shown: { type: number; message: string }[] = [];
  /** window/showMessageRequest: what the test answers (default: dismissed). */
  answer: (message: string, actions: MessageActionItem[]) => MessageActionItem | null = () => null;
  readonly messageRequests: string[] = [];
  readonly appliedEdits: WorkspaceEdit[] = [];
  private readonly documents = new Map<string, TextDocument>();
  private readonly waiters = new Set<() => void>();

  /** workspace/configuration: the settings the test gives for each item asked (default none). */
  configuration: (section: string | undefined) => unknown = () => null;

  /**
   * `keepTranscript`: false for a big file's benchmark, whose publishes would not fit in a string;
   * `command`: the server to start (default secretref's, the tsc output).
   */
  constructor(
    env: NodeJS.ProcessEnv,
    cwd: string,
    keepTranscript = true,
    command: readonly string[] = [process.execPath, LANGUAGE_SERVER, '--stdio'],
  ) {
    this.child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const tee = new PassThrough();
    this.child.stdout!.on('data', (chunk: Buffer) => {
      if (keepTranscript) this.transcript += chunk.toString();
      tee.write(chunk);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(tee), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: Published) => {
      this.published.push(params);
      this.wake();
    });
    this.connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.shown.push(params);
      this.wake();
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onRequest('window/showMessageRequest', (params: { message: string; actions?: MessageActionItem[] }) => {
      this.messageRequests.push(params.message);
      this.wake();
      return this.answer(params.message, params.actions ?? []);
    });
    this.connection.onRequest('workspace/applyEdit', async (params: { edit: WorkspaceEdit }) => {
      this.appliedEdits.push(params.edit);
      for (const change of params.edit.documentChanges ?? []) {
        if (!('textDocument' in change)) continue;
        const document = this.documents.get(change.textDocument.uri);
        if (!document || document.version !== change.textDocument.version) return { applied: false };
        // As an editor does: the buffer changes, and the server hears of it.
        await this.edit(change.textDocument.uri, change.edits as TextEdit[], true);
      }
      this.wake();
      return { applied: true };
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => this.configuration(item.section)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves with the first value `probe` returns (checked on every message), or rejects at the deadline saying what it waited for. */
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        done();
        resolve(value);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}; shown: ${JSON.stringify(this.shown)}; stderr: ${this.stderr}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** The diagnostics of the latest publish for `uri` that satisfies `predicate`. */
  diagnostics(uri: string, predicate: (diagnostics: Diagnostic[]) => boolean, what = 'diagnostics'): Promise<Diagnostic[]> {
    return this.waitFor(`${what} of ${uri}`, () => {
      const latest = this.published.filter((p) => p.uri === uri).pop();
      return latest && predicate(latest.diagnostics) ? latest.diagnostics : undefined;
    });
  }

  async initialize(
    rootUri: string,
    initializationOptions: unknown,
    capabilities: Record<string, unknown> = {},
  ): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'workspace' }],
      capabilities: {
        window: { showMessage: {} },
        workspace: { applyEdit: true, workspaceEdit: { documentChanges: true } },
        ...capabilities,
      },
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  text(uri: string): string {
    return this.documents.get(uri)!.getText();
  }

  document(uri: string): TextDocument {
    return this.documents.get(uri)!;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Applies edits locally and sends them as incremental changes (each relative to the text the previous left). */
  async edit(uri: string, edits: TextEdit[], notify = false): Promise<void> {
    const document = this.documents.get(uri)!;
    const version = document.version + 1;
    const ordered = [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start));
    const changes = ordered.map((e) => ({ range: e.range, text: e.newText }));
    TextDocument.update(document, changes, version);
    if (notify)
      await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Inserts `text` at `offset` as one incremental change; returns the offset after it. */
  async insert(uri: string, offset: number, text: string): Promise<number> {
    const position = this.document(uri).positionAt(offset);
    await this.edit(uri, [{ range: { start: position, end: position }, newText: text }], true);
    return offset + text.length;
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** After "Move to a secret store" to the run's OpenBao ("bao"): the text holds a reference, and the store holds `planted` under it. */
export async function assertMovedToBao(text: string, vault: { address: string; rootToken: string }, planted: string): Promise<void> {
  assert.ok(!text.includes(planted), 'the value left the text');
  const reference = /vault\.secret\(bao:([^)]+)\.password\)/.exec(text);
  assert.ok(reference, text);
  const store = vaultStore('bao', vault.address, vault.rootToken);
  try {
    const secret = await store.read(reference[1]);
    assert.equal(secret.type === 'keyed' ? secret.data.password : undefined, planted);
  } finally {
    store.dispose();
  }
}
