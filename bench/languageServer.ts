// secretref-language-server over stdio with incremental sync on the 20,000-connection file (issue 19
// item 4), side by side with vscode-json-language-server (npm vscode-langservers-extracted) given the
// equivalent JSON Schema (connectionsJsonSchema) on the same file and the same edits, in one run.
// Both as shipped: secretref's bundle (dist/languageServer.js, the `secretref-language-server` bin)
// and the JSON server's bin, each started by the Node running the bench. Figures: server start to
// first diagnostics (spawn, initialize, didOpen, the first diagnostics); completion round trip p50 /
// p95 at a connection's credentials; diagnostics after an edit p50 / p95 in the pull model (didChange
// then textDocument/diagnostic with the previous resultId, as VS Code and Neovim ask when a server
// offers it), and for secretref also pushed: an edit that changes a connection's warning, to the
// publish of that version (every one of the file's 20,000+ diagnostics is sent again). Targets: 300
// ms, 10 ms, 20 ms. Then both servers' start again on a 50-connection file, the size teams keep. No
// stores: the figures are the servers' own work and the protocol.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { connectionsJsonSchema } from '../src/core/schemas';
import { LanguageServerClient } from '../test/support/languageServerClient';
import { generateConnections } from './schemas';
import { median, ms, percentile, runStandalone } from './stats';

const CONNECTIONS = 20_000;
// A connections file as teams keep them (the seeds' files hold a few to a few dozen): the start the
// user of an ordinary file waits for, next to the 8.3 MB one.
const ORDINARY_CONNECTIONS = 50;
const COMPLETIONS = 200;
const EDITS = 100;
const ROOT = path.join(__dirname, '..', '..');

interface Server {
  name: string;
  command: string[];
  /** Settings for workspace/configuration and didChangeConfiguration. */
  settings?: Record<string, unknown>;
  initializationOptions?: unknown;
  env?: NodeJS.ProcessEnv;
  /** The label of the first start, reported apart (secretref's: its compile cache is still empty). */
  firstStart?: string;
  startTarget?: number;
}

function line(what: string, value: number, target?: number): void {
  const verdict = target === undefined ? '' : `target < ${ms(target)}: ${value < target ? 'met' : 'NOT met'}`;
  console.log(`  ${what.padEnd(66)} ${ms(value).padStart(10)}   ${verdict}`);
}

function servers(file: string): Server[] {
  const bundle = path.join(ROOT, 'dist', 'languageServer.js');
  const json = path.join(ROOT, 'node_modules', 'vscode-langservers-extracted', 'bin', 'vscode-json-language-server');
  const out: Server[] = [];
  if (fs.existsSync(bundle)) {
    out.push({
      name: 'secretref-language-server',
      command: [process.execPath, bundle, '--stdio'],
      firstStart: 'first start after the install (compile cache empty)',
      startTarget: 300,
    });
  } else console.log(`  secretref-language-server: ${bundle} is missing (npm run build)`);
  const schema = {
    uri: 'inmemory://secretref/connections.schema.json',
    fileMatch: [path.basename(file)],
    schema: connectionsJsonSchema('array'),
  };
  if (fs.existsSync(json)) {
    out.push({
      name: 'vscode-json-language-server',
      command: [process.execPath, json, '--stdio'],
      settings: { json: { schemas: [schema], validate: { enable: true } } },
      initializationOptions: { provideFormatter: false },
      startTarget: 300,
    });
  } else console.log('  vscode-json-language-server: not installed (npm ci installs vscode-langservers-extracted)');
  return out;
}

/** didOpen to the first diagnostics: pulled (textDocument/diagnostic) or pushed. */
async function firstDiagnostics(client: LanguageServerClient, uri: string, pull: boolean, empty: boolean): Promise<string | undefined> {
  if (!pull) {
    await client.waitFor('first diagnostics', () => client.published.find((p) => p.uri === uri), 60_000);
    return undefined;
  }
  const report = await client.connection.sendRequest<{ resultId?: string; items?: unknown[] }>('textDocument/diagnostic', {
    textDocument: { uri },
  });
  if (!report.items || (!empty && !report.items.length)) throw new Error('no diagnostics pulled for the connections file');
  return report.resultId;
}

/** `empty`: an answer of no diagnostics is right for this file (the small one's connections are all valid). */
async function start(server: Server, root: string, uri: string, text: string, pull: boolean, empty = false) {
  const started = performance.now();
  const client = new LanguageServerClient({ PATH: process.env.PATH, HOME: root, ...server.env }, root, false, server.command);
  client.configuration = (section) => (section ? (server.settings?.[section] ?? null) : (server.settings ?? null));
  await client.initialize(pathToFileURL(root).href, server.initializationOptions ?? {}, {
    textDocument: {
      completion: { completionItem: { snippetSupport: true } },
      ...(pull ? { diagnostic: { dynamicRegistration: false } } : {}),
      publishDiagnostics: { versionSupport: true },
    },
    workspace: { configuration: true },
  });
  if (server.settings) await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: server.settings });
  await client.open(uri, 'json', text);
  const resultId = await firstDiagnostics(client, uri, pull, empty);
  return { client, startup: performance.now() - started, resultId };
}

/** One character into a description, spread over the file (the diagnostics stay as they were). */
function descriptionSites(text: string): number[] {
  const sites: number[] = [];
  for (
    let at = text.indexOf('of the data platform');
    at !== -1 && sites.length < EDITS;
    at = text.indexOf('of the data platform', at + 80_000)
  )
    sites.push(at);
  return sites;
}

const STARTS = 5;

/**
 * Server start to the first pulled diagnostics, the median of STARTS starts, and what the first
 * answer held. The server's HOME is the bench's fresh folder, so secretref's first start is the one
 * after an install, its compile cache empty (reported apart); the starts after it are every other.
 */
async function startups(
  server: Server,
  root: string,
  uri: string,
  text: string,
  empty = false,
): Promise<{ items: number; message: string }> {
  const times: number[] = [];
  let answer = { items: 0, message: '' };
  for (let i = 0; i < STARTS + (server.firstStart ? 1 : 0); i++) {
    const { client, startup } = await start(server, root, uri, text, true, empty);
    if (i === 0 && !empty) {
      const report = await client.connection.sendRequest<{ items: { message: string }[] }>('textDocument/diagnostic', {
        textDocument: { uri },
      });
      answer = { items: report.items.length, message: report.items[0].message };
    }
    client.kill();
    if (i === 0 && server.firstStart) line(server.firstStart, startup);
    else times.push(startup);
  }
  line(
    `server start to first diagnostics (spawn, initialize, didOpen, pull): median of ${times.length}`,
    median(times),
    server.startTarget,
  );
  return answer;
}

async function measure(server: Server, root: string, file: string, text: string): Promise<{ items: number; message: string }> {
  const uri = pathToFileURL(file).href;
  console.log(`  ${server.name}:`);
  const answer = await startups(server, root, uri, text);
  const { client, resultId: first } = await start(server, root, uri, text, true);
  try {
    const marker = '"credentials": {';
    const sites: number[] = [];
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) sites.push(at + marker.length);
    const completion: number[] = [];
    for (let i = 0; i < COMPLETIONS; i++) {
      const position = client.document(uri).positionAt(sites[Math.floor((i * sites.length) / COMPLETIONS)]);
      const t = performance.now();
      const result = await client.connection.sendRequest<{ items: unknown[] } | unknown[] | null>('textDocument/completion', {
        textDocument: { uri },
        position,
      });
      completion.push(performance.now() - t);
      const items = Array.isArray(result) ? result : (result?.items ?? []);
      if (i === 0 && items.length === 0) throw new Error(`${server.name}: no completion items at a credentials object`);
    }
    line(`completion round trip p50 (${COMPLETIONS} requests)`, median(completion));
    line('completion round trip p95', percentile(completion, 95), 10);
    const afterEdit: number[] = [];
    let resultId = first;
    const edits = descriptionSites(text);
    if (edits.length < EDITS) throw new Error(`only ${edits.length} descriptions to edit`);
    for (let i = 0; i < EDITS; i++) {
      // Each edit is after the earlier ones, which moved it by one character each.
      const offset = edits[i] + i;
      // The editor's own buffer update is not the server's time: the change is sent first, applied here after.
      const document = client.document(uri);
      const position = document.positionAt(offset);
      const change = { range: { start: position, end: position }, text: 'x' };
      const t = performance.now();
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: document.version + 1 },
        contentChanges: [change],
      });
      const report = await client.connection.sendRequest<{ kind: string; resultId?: string }>('textDocument/diagnostic', {
        textDocument: { uri },
        previousResultId: resultId,
      });
      afterEdit.push(performance.now() - t);
      TextDocument.update(document, [change], document.version + 1);
      resultId = report.resultId ?? resultId;
    }
    line(`diagnostics after an edit, pulled: p50 (${EDITS} edits)`, median(afterEdit));
    line('diagnostics after an edit, pulled: p95', percentile(afterEdit, 95), 20);
    await client.shutdown();
  } finally {
    client.kill();
  }
  return answer;
}

/** secretref pushing: an edit that changes one connection's warning (its range), to the publish of that version. */
async function measurePush(server: Server, root: string, file: string, text: string): Promise<void> {
  const uri = pathToFileURL(file).href;
  const { client, startup } = await start(server, root, uri, text, false);
  try {
    line('pushed: server start to first diagnostics (spawn, initialize, didOpen)', startup, 300);
    const passwords: number[] = [];
    for (let at = text.indexOf('"password": "'); at !== -1 && passwords.length < EDITS; at = text.indexOf('"password": "', at + 80_000))
      passwords.push(at + '"password": "'.length);
    const times: number[] = [];
    for (let i = 0; i < Math.min(EDITS, passwords.length) / 2; i++) {
      const version = client.document(uri).version + 1;
      const t = performance.now();
      await client.insert(uri, passwords[i] + i, 'x');
      await client.waitFor(
        'the publish after the edit',
        () => client.published.find((p) => p.uri === uri && p.version === version),
        30_000,
      );
      times.push(performance.now() - t);
    }
    const sent = client.published[client.published.length - 1].diagnostics.length;
    line(`pushed: an edit that changes a warning, to its publish (${sent} diagnostics sent): p50`, median(times));
    line('pushed: the same, p95', percentile(times, 95));
    await client.shutdown();
  } finally {
    client.kill();
  }
}

export async function run(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-bench-lsp-'));
  const text = generateConnections(CONNECTIONS);
  const file = path.join(root, 'big.connections.json');
  fs.writeFileSync(file, text);
  console.log(`language servers, ${CONNECTIONS} connections (${(text.length / 1e6).toFixed(2)} MB), over stdio, incremental sync`);
  try {
    for (const server of servers(file)) {
      const answer = await measure(server, root, file, text);
      if (server.name !== 'secretref-language-server') continue;
      await measurePush(server, root, file, text);
      // What any server pays before its own work, on this machine, for the same traffic.
      const floor: Server = {
        name: `the protocol's floor: a server that does no work and answers ${answer.items} diagnostics of the same shape`,
        command: [process.execPath, path.join(__dirname, 'languageServerFloor.js'), '--stdio'],
        env: { SECRETREF_FLOOR_ITEMS: String(answer.items), SECRETREF_FLOOR_MESSAGE: answer.message },
      };
      console.log(`  ${floor.name}:`);
      await startups(floor, root, pathToFileURL(file).href, text);
    }
    const ordinaryText = generateConnections(ORDINARY_CONNECTIONS);
    const ordinary = path.join(root, 'team.connections.json');
    fs.writeFileSync(ordinary, ordinaryText);
    console.log(`language servers, ${ORDINARY_CONNECTIONS} connections (${(ordinaryText.length / 1e3).toFixed(0)} kB), the same start`);
    for (const server of servers(ordinary)) {
      console.log(`  ${server.name}:`);
      await startups({ ...server, firstStart: undefined }, root, pathToFileURL(ordinary).href, ordinaryText, true);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

runStandalone(module, run);
