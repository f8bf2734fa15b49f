// Move / rename of a secret referenced 1,000 times across 500 files (issue 18: preview under 1 s, apply
// under 3 s), against a fresh local OpenBao: the secret has 3 KV v2 versions, the files are JSON, YAML
// and .env with references to 50 other secrets beside it. Preview = the plan the dry run and the
// editor's preview show (the index brought up to date by stamps, then every reference found again and
// rewritten in memory, plus the store's describe); apply = the whole move through the same executor as
// `secretref mv --delete-old` (journal, copy with history, verify by hash, 500 atomic file rewrites,
// delete). The first full index of the tree is stated beside them (the editor has it before a move starts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diskMoveFiles } from '../src/core/move/diskFiles';
import { describeCopy, executeMove } from '../src/core/move/moveExecutor';
import { checkMoveRequest } from '../src/core/move/movePlan';
import { refreshIndex } from '../src/core/references/indexBuilder';
import { ReferenceIndex } from '../src/core/references/referenceIndex';
import { EMPTY_PROJECT_CONFIG } from '../src/core/workspace/projectConfig';
import { vaultStore } from '../test/fixtures/migration/migrationHarness';
import { writeTree } from '../test/support/fileTree';
import { startOpenBao } from '../test/support/stores';
import { median, ms, runStandalone, timeIt } from './stats';

const FILES = 500;
const PER_FILE = 2;
const RUNS = 3;

function tree(round: number): Record<string, string> {
  const moved = `bench-move-${round}/db`;
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) {
    const other = `bench-move-${round}/other-${i % 50}`;
    const dir = `services/s${Math.floor(i / 25)}`;
    if (i % 3 === 0) {
      files[`${dir}/conn-${i}.json`] = JSON.stringify(
        {
          name: `c${i}`,
          password: `vault.secret(bao:${moved}.password)`,
          user: `vault.secret(bao:${moved}.user)`,
          other: `vault.secret(bao:${other}.password)`,
        },
        null,
        2,
      );
    } else if (i % 3 === 1) {
      files[`${dir}/deploy-${i}.yaml`] =
        `db:\n  password: vault.secret(bao:${moved}.password)\n  other: vault.secret(bao:${other}.token)\n  user: vault.secret(bao:${moved}.user)\n`;
    } else {
      files[`${dir}/.env.${i}`] =
        `DB_PASSWORD=vault.secret(bao:${moved}.password)\nOTHER=vault.secret(bao:${other}.password)\nDB_USER=vault.secret(bao:${moved}.user)\n`;
    }
  }
  return files;
}

export async function run(): Promise<void> {
  const bao = await startOpenBao();
  const store = vaultStore('bao', bao.address, bao.rootToken);
  const previews: number[] = [];
  const applies: number[] = [];
  const indexes: number[] = [];
  let rewritten = 0;
  let references = 0;
  try {
    for (let round = 1; round <= RUNS; round++) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-bench-move-'));
      try {
        writeTree(root, tree(round));
        const from = `bench-move-${round}/db`;
        for (let v = 1; v <= 3; v++) await store.write(from, { type: 'keyed', data: { password: `bench-${v}`, user: 'bench' } });
        const index = new ReferenceIndex({ configs: () => [], settings: () => ({ templates: {} }) });
        indexes.push(await timeIt(() => refreshIndex(index, { root, config: EMPTY_PROJECT_CONFIG })));
        const files = diskMoveFiles({ root, config: EMPTY_PROJECT_CONFIG, index });
        const request = checkMoveRequest({
          store: 'bao',
          kind: 'vault',
          from: { path: from },
          to: { path: `bench-move-${round}/renamed/db` },
        });
        previews.push(
          await timeIt(async () => {
            await describeCopy(store, request);
            references = (await files.plan(request, undefined)).count;
          }),
        );
        applies.push(
          await timeIt(async () => {
            const outcome = await executeMove(store, request, files, {
              journalDir: path.join(root, '.state'),
              root,
              confirmDelete: async () => true,
            });
            rewritten = outcome.rewritten.length;
            if (!outcome.deleted || outcome.referenceCount !== FILES * PER_FILE)
              throw new Error(`move incomplete: ${outcome.referenceCount} references`);
          }),
        );
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    }
    console.log(
      `Move of a secret referenced ${references} times across ${FILES} files (3 KV v2 versions; live local OpenBao ${bao.address}; ${RUNS} runs, median)`,
    );
    const line = (what: string, value: number, tail = '') => console.log(`  ${what.padEnd(62)} ${ms(value).padStart(10)}${tail}`);
    line('first full index of the tree (before the move, stated)', median(indexes));
    const p = median(previews);
    const a = median(applies);
    console.log(
      `  preview (describe the copy + plan every rewrite)          ${ms(p).padStart(10)}   target < 1 s: ${p < 1000 ? 'met' : 'NOT met'}`,
    );
    line(`apply (journal, copy 3 versions, verify, ${rewritten} files, delete)`, a, `   target < 3 s: ${a < 3000 ? 'met' : 'NOT met'}`);
  } finally {
    store.dispose();
    await bao.stop();
  }
}

runStandalone(module, run);
