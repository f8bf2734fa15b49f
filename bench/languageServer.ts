// secretref-language-server over stdio with incremental sync on the 20,000-connection file (issue 19
// item 4): server start to first diagnostics, completion round trip p50 / p95 and diagnostics after an
// edit p50 / p95 (didChange sent to the first publishDiagnostics of that version), against the issue's
// targets (300 ms, 10 ms, 20 ms). No stores: the figures are the server's own work and the protocol.
// Side by side with vscode-json-language-server (npm vscode-langservers-extracted) given the equivalent
// JSON Schema: not measured yet (the package is not installed), said on its line.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LanguageServerClient } from '../test/support/languageServerClient';
import { generateConnections } from './schemas';
import { median, ms, percentile, runStandalone } from './stats';

const CONNECTIONS = 20_000;
const COMPLETIONS = 200;
const EDITS = 100;

function line(what: string, value: number, target: number): string {
  return `${what.padEnd(56)} ${ms(value).padStart(10)}   target < ${ms(target)}: ${value < target ? 'met' : 'NOT met'}`;
}

export async function run(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-bench-lsp-'));
  const text = generateConnections(CONNECTIONS);
  const file = path.join(root, 'big.connections.json');
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const started = performance.now();
  const client = new LanguageServerClient({ PATH: process.env.PATH, HOME: root }, root, false);
  try {
    await client.initialize(pathToFileURL(root).href, {});
    await client.open(uri, 'json', text);
    await client.waitFor('first diagnostics', () => client.published.find((p) => p.uri === uri), 60_000);
    const startup = performance.now() - started;
    console.log(`language server, ${CONNECTIONS} connections (${(text.length / 1e6).toFixed(2)} MB), over stdio, incremental sync`);
    console.log(line('server start to first diagnostics (spawn, initialize, didOpen)', startup, 300));

    // Completion on a new key of a connection's credentials, spread over the file.
    const marker = '"credentials": {';
    const sites: number[] = [];
    for (let at = text.indexOf(marker); at !== -1 && sites.length < CONNECTIONS; at = text.indexOf(marker, at + 1))
      sites.push(at + marker.length);
    const completion: number[] = [];
    for (let i = 0; i < COMPLETIONS; i++) {
      const offset = sites[Math.floor((i * sites.length) / COMPLETIONS)];
      const position = client.document(uri).positionAt(offset);
      const t = performance.now();
      const result = await client.connection.sendRequest<{ items: unknown[] }>('textDocument/completion', {
        textDocument: { uri },
        position,
      });
      completion.push(performance.now() - t);
      if (i === 0 && result.items.length === 0) throw new Error('no completion items at a credentials object');
    }
    console.log(line(`completion round trip p50 (${COMPLETIONS} requests)`, median(completion), 10));
    console.log(line('completion round trip p95', percentile(completion, 95), 10));

    // An edit inside a description (one character), then the first publish of that version.
    const descriptions: number[] = [];
    for (
      let at = text.indexOf('of the data platform');
      at !== -1 && descriptions.length < EDITS;
      at = text.indexOf('of the data platform', at + 200_000)
    ) {
      descriptions.push(at);
    }
    const afterEdit: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const offset = descriptions[i % descriptions.length];
      const version = client.document(uri).version + 1;
      const t = performance.now();
      await client.insert(uri, offset, 'x');
      await client.waitFor(
        'diagnostics after the edit',
        () => client.published.find((p) => p.uri === uri && p.version === version),
        30_000,
      );
      afterEdit.push(performance.now() - t);
    }
    console.log(line(`diagnostics after an edit p50 (${EDITS} edits)`, median(afterEdit), 20));
    console.log(line('diagnostics after an edit p95', percentile(afterEdit, 95), 20));
    console.log('vscode-json-language-server side by side: not measured (npm vscode-langservers-extracted is not installed here)');
    await client.shutdown();
  } finally {
    client.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

runStandalone(module, run);
