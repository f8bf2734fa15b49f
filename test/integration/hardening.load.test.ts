// Load inside the real extension host (issue 9, item 3): 50 editors on credential files holding
// 20,000 connections in total, typed into round-robin with completion asked after each keystroke
// (the real round trip through vscode.executeCompletionItemProvider, and the schema provider's own
// work timed in the host), while a 10,000-secret OpenBao tree is browsed in the Secrets view model.
// Measures completion p50/p95 and the extension host's memory before, during and after, and prints
// one `load-host:` line. Quick mode in `npm test`; SECRETREF_LOAD=full for the bench's figures.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { ReferencesApi } from '../../src/features/references/registerReferenceFeatures';
import type { SchemasApi } from '../../src/features/schemas/registerSchemaFeatures';
import type { ViewsApi } from '../../src/features/views/registerViewFeatures';
import type { SecretTreeNode } from '../../src/features/views/model/treeNodes';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { loadConnectionsFile } from '../fixtures/loadConnections';

const LOAD_SUITE = 'hardening: load inside the extension host';

const FULL = process.env.SECRETREF_LOAD === 'full';
const EDITORS = 50;
const CONNECTIONS = 20_000;
const KEYSTROKES = FULL ? 5_000 : 500;
const SECRETS = 10_000;
/** Tree layout: FOLDERS folders of PER_FOLDER secrets, plus one `bulk/` folder paged by "Load more". */
const FOLDERS = 45;
const PER_FOLDER = 200;
const BULK = SECRETS - FOLDERS * PER_FOLDER;
const MOUNT = 'it-load-kv';
const STORE = 'it-load-vault';

/** Issue 3: completion p95 under 5 ms (the provider's own work). */
const PROVIDER_P95_MS = 5;
/**
 * End to end (ext host -> workbench in Chromium over a WebSocket -> every completion provider of a
 * JSON document, VS Code's own JSON language server included -> back), measured before choosing the
 * bound: on the 2-core machine with other test runs beside it (load average 3-14), p50 32-51 ms and
 * p95 103-270 ms over 500 and 5,000 keystrokes, the p95 set by queueing: the host's event loop (p95 delay 25 ms)
 * also runs the diagnostics of the documents typed into, and Chromium renders 50 editors. 500 ms is
 * about twice the worst p95 seen; it still fails on a host that stops answering (an early version of
 * this test, whose tree browsing answered from memory without yielding, saw a p95 of 1.5 s).
 */
const ROUND_TRIP_P95_MS = 500;
/**
 * Heap held while everything is open and the whole tree is loaded (after GC), above the start.
 * Measured 56-65 MB, 11-13x the 4.9 MB of text: the host's copy of each document (its lines), the
 * schema feature's incremental model, the reference scanner's own model and scan of each credential
 * document, 20,000+ diagnostics and resolutions, and the tree's 10,185 nodes (about 3 MB). Bound: 16x
 * the text (79 MB), which one more copy of every document's model (+15-20 MB) would break.
 */
const HELD_PER_TEXT_BYTE = 16;
/**
 * Typing must not accumulate: heap growth (after GC) between the first and the last time the whole
 * tree was loaded, every document open. Measured -0.1 to +1.9 MB over 500 keystrokes, +0.9 and
 * +3.7 MB over 5,000.
 */
const TYPING_GROWTH_MB = 8;
/**
 * After closing the editors, deleting the files and dropping the tree (after GC, once the heap has
 * settled, about 2 s): measured +5.8 to +19.4 MB while the references' resolution cache kept every
 * resolution until the next request (20,000 here, about 0.5 KB each, plus a settled promise each);
 * +11.7 MB since it lets them go when its 15-second session ends.
 */
const AFTER_GROWTH_MB = 30;
/**
 * The same once the store and resolution caches are emptied (the Secrets view's Refresh, and the
 * references' invalidate()): measured +5.4 to +14.3 MB, of which 2-3 MB is JIT code compiled during
 * the run; no document text is among it (heap snapshot diff). Whether documents are let go is
 * asserted directly (weak references); this bound catches retention of other kinds at scale.
 */
const AFTER_REFRESH_GROWTH_MB = 20;

interface MemorySample {
  heapMb: number;
  rssMb: number;
}

/** A GC to call before sampling: global.gc when the host has it, else exposed at run time. */
function findGc(): { gc?: () => void; how: string } {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return { gc: exposed, how: 'global.gc' };
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    if (typeof gc === 'function') return { gc, how: 'no global.gc in the host; GC exposed at run time via v8 flags' };
  } catch {
    // fall through
  }
  return { how: 'no global.gc and none could be exposed: figures include garbage' };
}

function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
const mb = (n: number) => `${n.toFixed(1)} MB`;

const labelText = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

function labelOf(api: ViewsApi, node: SecretTreeNode): string {
  const label = api.secrets.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const suiteStart = performance.now();
/** Progress on the runner's output, so a slow phase shows where the time went. */
function progress(what: string): void {
  console.log(`[load +${seconds(performance.now() - suiteStart)}] ${what}`);
}

/** Reverts (our edits are throwaway) and closes every editor on a file under `dir`. */
async function closeEditorsUnder(dir: string): Promise<void> {
  const prefix = vscode.Uri.file(dir).toString() + '/';
  const mine = () =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString().startsWith(prefix));
  for (const tab of mine()) {
    const uri = (tab.input as vscode.TabInputText).uri;
    if (tab.isDirty) {
      // Closing a dirty editor would ask to save: revert it in its own editor first (opened from the
      // workbench side, so the host takes no reference of its own on the document).
      await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  }
  const clean = mine();
  if (clean.length > 0) await vscode.window.tabGroups.close(clean);
  assert.equal(mine().length, 0, 'every load-test editor closed');
}

interface BrowseStats {
  passes: number;
  secretsListed: number;
  loadMores: number;
  secretsExpanded: number;
  maxNodes: number;
}

suite(LOAD_SUITE, function () {
  // No wall-clock budget for the workload in `npm test`: its waits are deadlines on real conditions, and
  // on a machine whose cores are busy the same work simply takes longer (see `npm run test:stress`).
  this.timeout(FULL ? 30 * 60_000 : 15 * 60_000);
  const { gc, how: gcHow } = findGc();
  const memory = (collect: boolean): MemorySample => {
    if (collect && gc) {
      gc();
      gc();
    }
    const usage = process.memoryUsage();
    return { heapMb: usage.heapUsed / 1e6, rssMb: usage.rss / 1e6 };
  };
  const settings = () => vscode.workspace.getConfiguration('secretref');
  let dir: string | undefined;
  let mounted = false;
  let views: ViewsApi;
  let schemas: SchemasApi;
  let references: ReferencesApi;

  suiteSetup(async () => {
    const { vault } = testEnvironment();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder is open');
    dir = path.join(folder, 'load-host');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });

    // 10,000 secrets in a mount of our own, so other suites' trees are untouched.
    await vaultApi(vault, vault.rootToken, 'DELETE', `sys/mounts/${MOUNT}`).catch(() => undefined); // left by an aborted run
    await vaultApi(vault, vault.rootToken, 'POST', `sys/mounts/${MOUNT}`, { type: 'kv', options: { version: '2' } });
    mounted = true;
    const paths = [
      ...Array.from(
        { length: FOLDERS * PER_FOLDER },
        (_, i) => `team-${String(Math.floor(i / PER_FOLDER)).padStart(2, '0')}/svc-${String(i % PER_FOLDER).padStart(3, '0')}`,
      ),
      ...Array.from({ length: BULK }, (_, i) => `bulk/item-${String(i).padStart(4, '0')}`),
    ];
    let next = 0;
    const seedStart = performance.now();
    // KV v2 answers 404 on a fresh mount until its upgrade finishes: the first write polls for it.
    await waitFor(
      'the new KV v2 mount',
      async () =>
        await vaultApi(vault, vault.rootToken, 'POST', `${MOUNT}/data/${paths[next]}`, {
          data: { user: 'load', note: `secret ${next}` },
        }).then(() => true),
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    next = 1;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < paths.length) {
          const i = next++;
          await vaultApi(vault, vault.rootToken, 'POST', `${MOUNT}/data/${paths[i]}`, { data: { user: 'load', note: `secret ${i}` } });
        }
      }),
    );
    progress(`seeded ${paths.length} secrets in ${seconds(performance.now() - seedStart)}`);

    const others = (settings().inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => c.name !== STORE);
    await settings().update(
      'stores',
      [...others, { kind: 'vault', name: STORE, url: vault.address, enginePath: MOUNT, auth: 'token' }],
      vscode.ConfigurationTarget.Global,
    );
    await vscode.extensions.getExtension('secretref.secretref')?.activate();
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', STORE, { token: vault.rootToken }), true);
    views = (await vscode.commands.executeCommand('secretref.views.testApi')) as ViewsApi;
    assert.ok(views, 'the views test API is registered under ExtensionMode.Test');
    const exports = vscode.extensions.getExtension('secretref.secretref')?.exports as
      { schemas?: SchemasApi; references?: ReferencesApi } | undefined;
    assert.ok(
      exports?.schemas?.completion && exports.references,
      'the extension hands its schema completion provider and references to tests (ExtensionMode.Test)',
    );
    schemas = exports.schemas;
    references = exports.references;
    views.model.reload();
  });

  suiteTeardown(async () => {
    // Close our editors (a test that failed midway may leave them), drop our files, store and mount.
    if (dir) await closeEditorsUnder(dir);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await vscode.commands.executeCommand('secretref.signOutOfStore', STORE);
    const others = (settings().inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => c.name !== STORE);
    await settings().update('stores', others, vscode.ConfigurationTarget.Global);
    views?.model.reload();
    if (mounted) {
      const { vault } = testEnvironment();
      await vaultApi(vault, vault.rootToken, 'DELETE', `sys/mounts/${MOUNT}`);
    }
  });

  test(`${EDITORS} editors, ${CONNECTIONS} connections, ${KEYSTROKES} keystrokes with completion, while a ${SECRETS}-secret tree is browsed`, async () => {
    assert.ok(dir);
    const before = memory(true);

    // --- 50 editors on files holding 20,000 connections in total. Opened from the workbench side
    // (vscode.open, as the Explorer does): a document the host opens itself through
    // openTextDocument / showTextDocument(uri) is kept by VS Code for 3 minutes after its editor
    // closes, which would hide whether the extension lets go of it.
    const perFile = CONNECTIONS / EDITORS;
    let textBytes = 0;
    const files = Array.from({ length: EDITORS }, (_, d) => {
      const file = path.join(dir!, `load-${String(d).padStart(2, '0')}.connections.json`);
      const text = loadConnectionsFile(d * perFile, perFile);
      textBytes += Buffer.byteLength(text);
      fs.writeFileSync(file, text);
      return file;
    });
    const openStart = performance.now();
    const documents: vscode.TextDocument[] = [];
    // Loops that touch documents run in functions of their own: a frame keeps its last values alive.
    await (async () => {
      for (const file of files) {
        const uri = vscode.Uri.file(file);
        await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
        const document = await waitFor(
          `${path.basename(file)} in the host`,
          () => vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString()),
          { timeoutMs: 30_000, intervalMs: 20 },
        );
        // ...and made the active editor through the API, as the typing below does now and then.
        await vscode.window.showTextDocument(document, { preview: false });
        documents.push(document);
      }
    })();
    const openMs = performance.now() - openStart;
    const myTabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputText && files.includes(t.input.uri.fsPath));
    assert.equal(myTabs.length, EDITORS, 'every file has its own (non-preview) editor tab');
    assert.ok(
      myTabs.every((t) => !t.isPreview),
      'no editor is a preview',
    );
    // Diagnostics on every document: the extension has built its models of all 50.
    await waitFor(
      'secretref diagnostics on all 50 documents',
      () => (documents.every((doc) => vscode.languages.getDiagnostics(doc.uri).some((d) => d.source === 'secretref')) ? true : undefined),
      { timeoutMs: 600_000, intervalMs: 200 },
    );
    const settledMs = performance.now() - openStart;
    const opened = memory(true);
    progress(`opened ${EDITORS} editors in ${seconds(openMs)}, diagnostics on all after ${seconds(settledMs)}`);

    // The line of each connection's "user" key: lines never move (we insert within a line).
    const userLines = documents.map((doc) => {
      const lines: number[] = [];
      for (let line = 0; line < doc.lineCount; line++) if (doc.lineAt(line).text.trimStart().startsWith('"user"')) lines.push(line);
      assert.equal(lines.length, perFile, `${perFile} connections in ${path.basename(doc.uri.fsPath)}`);
      return lines;
    });

    // --- The tree: browsed one step (a page, a "Load more", a secret opened) per keystroke, in the
    // background of the typing, like a user who types and clicks through the Secrets view. Each pass
    // lists all 10,000 secrets; the heap is sampled (after GC) whenever the whole tree is loaded.
    const browse: BrowseStats = { passes: 0, secretsListed: 0, loadMores: 0, secretsExpanded: 0, maxNodes: 0 };
    const treeFull: MemorySample[] = [];
    async function* listAll(parent: SecretTreeNode, out: SecretTreeNode[]): AsyncGenerator<void> {
      for (;;) {
        const children = await views.secrets.getChildren(parent);
        for (const child of children) views.secrets.getTreeItem(child); // what the view renders
        const more = children.find((c) => c.type === 'loadMore');
        if (!more) {
          out.push(...children);
          return;
        }
        yield;
        await vscode.commands.executeCommand('secretref.views.loadMore', more);
        browse.loadMores++;
      }
    }
    async function* browseTree(): AsyncGenerator<void> {
      for (;;) {
        const root = ((await views.secrets.getChildren()) as SecretTreeNode[]).find((n) => n.type === 'store' && n.store === STORE);
        assert.ok(root, `store ${STORE} in the Secrets tree`);
        const top: SecretTreeNode[] = [];
        yield* listAll(root, top);
        const folders = top.filter((n) => n.type === 'folder');
        assert.equal(folders.length, FOLDERS + 1, `folders of ${STORE}: ${folders.map((f) => labelOf(views, f)).join(', ')}`);
        let listed = 0;
        for (const folder of folders) {
          yield;
          const children: SecretTreeNode[] = [];
          yield* listAll(folder, children);
          const secrets = children.filter((n) => n.type === 'secret');
          listed += secrets.length;
          yield;
          // Open one secret per folder: its keys (masked) come from a read.
          await views.secrets.getChildren(secrets[browse.passes % secrets.length]);
          browse.secretsExpanded++;
        }
        assert.equal(listed, SECRETS, 'every seeded secret listed in one pass');
        browse.secretsListed += listed;
        browse.maxNodes = Math.max(browse.maxNodes, views.model.size);
        browse.passes++;
        treeFull.push(memory(true));
        yield;
        // Collapse-all and browse again: the model drops the loaded tree.
        await vscode.commands.executeCommand('secretref.views.refreshNode', root);
      }
    }
    const browser = browseTree();
    let step: Promise<void> | undefined;
    let browseError: unknown;
    const nextStep = () => {
      step ??= browser.next().then(
        () => {
          step = undefined;
        },
        (error: unknown) => {
          browseError ??= error; // keeps `step` set: browsing stops, the test fails below
        },
      );
    };

    // --- Type round-robin: one character into a "user" key of the next document, then completion.
    const roundTripMs: number[] = [];
    const providerMs: number[] = [];
    const editMs: number[] = [];
    const typingMemory: MemorySample[] = [];
    let emptyRoundTrips = 0;
    let emptyProvider = 0;
    let missingOurs = 0;
    let peak: MemorySample = opened;
    const switchEvery = 100;
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const typingStart = performance.now();
    await (async () => {
      for (let k = 0; k < KEYSTROKES; k++) {
        nextStep();
        const d = k % EDITORS;
        const document = documents[d];
        // The active editor changes now and then, as a user moves between tabs.
        if (k % switchEvery === 0) await vscode.window.showTextDocument(document, { preview: false });
        const line = userLines[d][(k * 7919) % perFile];
        const at = new vscode.Position(line, document.lineAt(line).text.indexOf('"u') + 2);
        const versionBefore = document.version;
        let t = performance.now();
        const active = vscode.window.activeTextEditor;
        if (active?.document === document) {
          assert.ok(
            await active.edit((edit) => edit.insert(at, 'x'), { undoStopBefore: false, undoStopAfter: false }),
            'TextEditor.edit applied',
          );
          active.selection = new vscode.Selection(at.translate(0, 1), at.translate(0, 1));
        } else {
          const edit = new vscode.WorkspaceEdit();
          edit.insert(document.uri, at, 'x');
          assert.ok(await vscode.workspace.applyEdit(edit), 'WorkspaceEdit applied');
        }
        editMs.push(performance.now() - t);
        assert.equal(document.version, versionBefore + 1, 'the keystroke reached the host document');
        const cursor = at.translate(0, 1);
        // Alternate which call goes first so neither benefits from the other's warm state.
        let ours: string | undefined;
        const timeProvider = () => {
          const start = performance.now();
          const items = schemas.completion.provideCompletionItems(document, cursor);
          providerMs.push(performance.now() - start);
          if (!items || items.length === 0) emptyProvider++;
          else ours = labelText(items[0]);
        };
        if (k % 2 === 1) timeProvider();
        t = performance.now();
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          document.uri,
          cursor,
        );
        roundTripMs.push(performance.now() - t);
        if (!list || list.items.length === 0) emptyRoundTrips++;
        if (k % 2 === 0) timeProvider();
        // The round trip really went through the extension's provider: its first item is in the list.
        if (ours !== undefined && !list?.items.some((item) => labelText(item) === ours)) missingOurs++;
        if (k % 25 === 0) {
          const now = memory(false);
          peak = { heapMb: Math.max(peak.heapMb, now.heapMb), rssMb: Math.max(peak.rssMb, now.rssMb) };
        }
        if ((k + 1) % (KEYSTROKES / 5) === 0) {
          typingMemory.push(memory(true));
          progress(
            `${k + 1} keystrokes, round trip p95 so far ${fmt(percentile(roundTripMs, 95))}, tree passes ${browse.passes}, heap ${mb(typingMemory[typingMemory.length - 1].heapMb)}`,
          );
        }
      }
    })();
    const typingS = (performance.now() - typingStart) / 1000;
    loopDelay.disable();
    await step;
    if (browseError) throw browseError;
    await browser.return(undefined);
    const during = treeFull.length > 0 ? treeFull[treeFull.length - 1] : memory(true);
    const maxNodes = Math.max(browse.maxNodes, views.model.size);
    progress(`typing done in ${typingS.toFixed(1)} s; ${browse.passes} tree passes`);

    // --- After: editors closed, files deleted, tree dropped.
    const uris = new Set(documents.map((doc) => doc.uri.toString()));
    // Whether anything (the extension, or VS Code for it) still holds a closed document: weak refs.
    const released = documents.map((doc) => new WeakRef(doc));
    const closeStart = performance.now();
    await closeEditorsUnder(dir);
    documents.length = 0;
    fs.rmSync(dir, { recursive: true, force: true });
    views.model.reload();
    let lingering = 0;
    try {
      await waitFor(
        'the host to drop the closed documents',
        () => (vscode.workspace.textDocuments.some((doc) => uris.has(doc.uri.toString())) ? undefined : true),
        { timeoutMs: 30_000, intervalMs: 100 },
      );
    } catch {
      lingering = vscode.workspace.textDocuments.filter((doc) => uris.has(doc.uri.toString())).length;
    }
    progress(`closed the ${EDITORS} editors; documents gone from the host after ${seconds(performance.now() - closeStart)}`);
    // Diagnostics runs started before the close still hold their document until they finish: wait
    // for the heap (after GC) to stop shrinking before taking the "after" figure.
    const settled = async (): Promise<MemorySample> => {
      let last = memory(true);
      let steady = 0;
      await waitFor(
        'the host heap to settle',
        () => {
          const now = memory(true);
          steady = Math.abs(now.heapMb - last.heapMb) < 0.5 ? steady + 1 : 0;
          last = now;
          return steady >= 3 ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      ).catch(() => undefined); // not settled in 60 s: the bounds below decide
      return last;
    };
    const settleStart = performance.now();
    let retainedDocuments = EDITORS;
    await waitFor(
      'every closed document to be collected',
      () => {
        memory(true);
        retainedDocuments = released.filter((ref) => ref.deref() !== undefined).length;
        return retainedDocuments === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    ).catch(() => undefined); // asserted below
    const collectedS = (performance.now() - settleStart) / 1000;
    const after = await settled();
    const settleS = (performance.now() - settleStart) / 1000;
    // Empty the caches (the Secrets view's Refresh drops the store layer's reads; the references'
    // resolutions are dropped through the test API): what stays after that is not a cache.
    await vscode.commands.executeCommand('secretref.views.refresh');
    references.service.invalidate();
    const afterRefresh = await settled();

    // --- Figures.
    const p50 = (s: number[]) => percentile(s, 50);
    const p95 = (s: number[]) => percentile(s, 95);
    const textMb = textBytes / 1e6;
    const heldMb = during.heapMb - before.heapMb;
    // Growth while typing, with the same things loaded: whole tree loaded, all documents open.
    const typingGrowthMb = treeFull.length >= 2 ? treeFull[treeFull.length - 1].heapMb - treeFull[0].heapMb : NaN;
    const afterMb = after.heapMb - before.heapMb;
    const afterRefreshMb = afterRefresh.heapMb - before.heapMb;
    const line =
      `load-host: mode ${FULL ? 'full' : 'quick'}, ${EDITORS} editors, ${CONNECTIONS} connections (${mb(textMb)}), ${KEYSTROKES} keystrokes in ${typingS.toFixed(0)} s; ` +
      `completion provider p50 ${fmt(p50(providerMs))} p95 ${fmt(p95(providerMs))} (target < ${PROVIDER_P95_MS} ms); ` +
      `executeCompletionItemProvider round trip p50 ${fmt(p50(roundTripMs))} p95 ${fmt(p95(roundTripMs))} (bound ${ROUND_TRIP_P95_MS} ms); ` +
      `edit p50 ${fmt(p50(editMs))} p95 ${fmt(p95(editMs))}; host event-loop delay p50 ${fmt(loopDelay.percentile(50) / 1e6)} p95 ${fmt(loopDelay.percentile(95) / 1e6)}; ` +
      `tree ${SECRETS} secrets: ${browse.passes} full passes, ${browse.loadMores} load-more, ${browse.secretsExpanded} secrets opened, up to ${maxNodes} nodes; ` +
      `heap before ${mb(before.heapMb)}, opened +${mb(opened.heapMb - before.heapMb)}, during +${mb(heldMb)} (bound ${mb(HELD_PER_TEXT_BYTE * textMb)}), ` +
      `growth between tree passes ${typingGrowthMb >= 0 ? '+' : ''}${mb(typingGrowthMb)} (bound ${TYPING_GROWTH_MB} MB), after +${mb(afterMb)} (bound ${AFTER_GROWTH_MB} MB), after emptying caches +${mb(afterRefreshMb)} (bound ${AFTER_REFRESH_GROWTH_MB} MB); ` +
      `peak heap ${mb(peak.heapMb)}; rss before ${mb(before.rssMb)}, during ${mb(during.rssMb)}, peak ${mb(peak.rssMb)}, after ${mb(after.rssMb)}; ` +
      `open ${seconds(openMs)}, diagnostics settled ${seconds(settledMs)}, closed documents collected ${retainedDocuments === 0 ? `within ${collectedS.toFixed(1)} s` : `NOT ALL: ${retainedDocuments} still held after 60 s`}, heap settled ${settleS.toFixed(1)} s after closing; GC: ${gcHow}` +
      (lingering > 0 ? `; ${lingering} closed documents still in the host after 30 s` : '');
    console.log(line);
    console.log(
      `load-host heap during typing (after GC, every ${KEYSTROKES / 5} keystrokes): ${typingMemory.map((m) => mb(m.heapMb)).join(', ')}; at each full tree: ${treeFull.map((m) => mb(m.heapMb)).join(', ')}`,
    );
    const resultsFile = process.env.SECRETREF_LOAD_RESULTS;
    if (resultsFile) {
      fs.writeFileSync(
        resultsFile,
        JSON.stringify({
          line,
          mode: FULL ? 'full' : 'quick',
          providerMs: { p50: p50(providerMs), p95: p95(providerMs) },
          roundTripMs: { p50: p50(roundTripMs), p95: p95(roundTripMs) },
          before,
          opened,
          during,
          peak,
          after,
          afterRefresh,
          treeFull,
          typingMemory,
          browse,
        }),
      );
    }

    // --- Assertions (each can fail: latency against its bound, memory against its bound).
    assert.equal(providerMs.length, KEYSTROKES);
    assert.equal(roundTripMs.length, KEYSTROKES);
    assert.equal(emptyProvider, 0, 'the schema provider offered items after every keystroke');
    assert.equal(emptyRoundTrips, 0, 'the round trip returned items after every keystroke');
    assert.equal(missingOurs, 0, "the round trip's items included the schema provider's after every keystroke");
    assert.ok(browse.passes >= 2, `the whole tree was browsed at least twice while typing (${browse.passes})`);
    assert.ok(maxNodes >= SECRETS, `the tree held all ${SECRETS} secrets at once (${maxNodes} nodes)`);
    // Latency is a benchmark figure (`npm run bench` runs this suite in full mode, on an idle machine):
    // `npm test` prints it above and asserts it only in full mode, so a busy CI machine cannot fail it.
    if (FULL) {
      assert.ok(p95(providerMs) < PROVIDER_P95_MS, `completion provider p95 ${fmt(p95(providerMs))} < ${PROVIDER_P95_MS} ms`);
      assert.ok(p95(roundTripMs) < ROUND_TRIP_P95_MS, `completion round trip p95 ${fmt(p95(roundTripMs))} < ${ROUND_TRIP_P95_MS} ms`);
    }
    assert.ok(
      heldMb < HELD_PER_TEXT_BYTE * textMb,
      `heap held ${mb(heldMb)} < ${HELD_PER_TEXT_BYTE}x the text (${mb(HELD_PER_TEXT_BYTE * textMb)})`,
    );
    assert.ok(
      typingGrowthMb < TYPING_GROWTH_MB,
      `heap grew ${mb(typingGrowthMb)} between the first and last full tree while typing (< ${TYPING_GROWTH_MB} MB)`,
    );
    assert.equal(lingering, 0, 'the host dropped every closed document');
    assert.equal(retainedDocuments, 0, 'no closed document is still held (garbage-collected within 60 s)');
    assert.ok(afterMb < AFTER_GROWTH_MB, `heap after closing everything +${mb(afterMb)} < ${AFTER_GROWTH_MB} MB`);
    assert.ok(
      afterRefreshMb < AFTER_REFRESH_GROWTH_MB,
      `heap after closing everything and emptying the caches +${mb(afterRefreshMb)} < ${AFTER_REFRESH_GROWTH_MB} MB`,
    );
  });
});
