// The protocol's floor for bench/languageServer.ts: a language server that does no work. Node starts,
// vscode-languageserver loads, initialize is answered, the didOpen of the big file is read and decoded,
// and the pull is answered with as many diagnostics of the same shape as secretref's first answer had
// (SECRETREF_FLOOR_ITEMS of SECRETREF_FLOOR_MESSAGE): what any server pays before its own work.
import { createConnection, DiagnosticSeverity, ProposedFeatures, type Diagnostic } from 'vscode-languageserver/node';

const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
const count = Number(process.env.SECRETREF_FLOOR_ITEMS ?? 0);
const message = process.env.SECRETREF_FLOOR_MESSAGE ?? '';
let items: Diagnostic[] = [];
connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: { openClose: true, change: 2 },
    diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false },
  },
}));
connection.onDidOpenTextDocument(() => {
  items = [];
  for (let i = 0; i < count; i++) {
    const line = 10 + i * 16;
    items.push({
      range: { start: { line, character: 18 }, end: { line, character: 43 } },
      severity: DiagnosticSeverity.Warning,
      code: 'inline-secret',
      source: 'secretref',
      message,
    });
  }
});
connection.languages.diagnostics.on(() => ({ kind: 'full', resultId: '1', items }));
connection.listen();
