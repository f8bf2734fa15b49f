// Migration throughput: 1,000 connections (every schema, cycled) moved to a fresh local OpenBao and a
// fresh moto, through the same planner and per-connection transaction as the editor and CLI (create,
// read back, compare, then one document edit). Figures: connections per second (median of runs) at
// concurrency 1 and 8, planning time, and, as the anchor, bare creates of the same secrets (no
// pre-check, no read-back, no document edit): the ratio is what the transaction costs.
import { executeMigration } from '../src/core/migration/executor';
import { planMigration } from '../src/core/migration/planner';
import { countOutcomes } from '../src/core/migration/report';
import type { AwsTarget, VaultTarget } from '../src/core/migration/types';
import type { SecretStore } from '../src/core/stores/types';
import { connectionsFile } from '../test/fixtures/migration/credentialSamples';
import { awsStore, MemoryDocument, vaultStore } from '../test/fixtures/migration/migrationHarness';
import { startMoto, startOpenBao } from '../test/support/stores';
import { median, ms, runStandalone, sample, timeIt } from './stats';

const CONNECTIONS = 1000;
const RUNS = 3;

const VAULT: VaultTarget = { kind: 'vault', store: 'bench-bao', enginePath: 'secret', kvVersion: 2 };
const AWS: AwsTarget = {
  kind: 'aws',
  store: 'bench-aws',
  region: 'us-east-1',
  assumableRole: 'arn:aws:iam::123456789012:role/mc',
  externalId: 'bench',
  trustedAccountId: '590183797493',
};

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

function rate(count: number, elapsedMs: number): string {
  return `${((count * 1000) / elapsedMs).toFixed(0).padStart(6)} connections/s`;
}

interface Server {
  restart(): Promise<void>;
}

/** One measured run on a fresh (empty) server, so runs do not slow each other down. */
async function once(server: Server, store: () => SecretStore, target: AwsTarget | VaultTarget, concurrency: number, round: number) {
  await server.restart();
  const { text } = connectionsFile(CONNECTIONS, `r${round}`);
  const plan = planMigration({ source: `/bench/run-${round}.json`, text, target, namePattern: 'bench/{file}/{connection}' });
  const ready = plan.connections.filter((c) => c.status === 'ready');
  const client = store();
  const doc = new MemoryDocument(text);
  let migrated = 0;
  const elapsed = await timeIt(async () => {
    const report = await executeMigration(plan, client, doc, { concurrency });
    migrated = countOutcomes(report).migrated;
  });
  // Anchor: bare creates of the same payloads at the same concurrency (no check, no read-back, no edit).
  let bare = 0;
  const anchor = await timeIt(() =>
    inParallel(ready, concurrency, (c) =>
      client
        .write(
          `${c.secretPath}-bare`,
          target.kind === 'aws'
            ? { type: 'text', text: JSON.stringify(c.values.reveal()) }
            : { type: 'keyed', data: { ...c.values.reveal() } },
          target.kind === 'vault' ? { expectedVersion: '0' } : { create: true },
        )
        .then(
          () => bare++,
          () => undefined,
        ),
    ),
  );
  client.dispose();
  return { elapsed, migrated, ready: ready.length, anchor, bare };
}

async function benchStore(label: string, server: Server, store: () => SecretStore, target: AwsTarget | VaultTarget): Promise<void> {
  const { text } = connectionsFile(CONNECTIONS, 'plan');
  const planTimes = await sample(RUNS, () => planMigration({ source: '/bench/plan.json', text, target }));
  console.log(`${label.padEnd(6)} plan ${CONNECTIONS} connections (no I/O)              ${ms(median(planTimes)).padStart(10)}`);
  let round = 0;
  for (const concurrency of [1, 8]) {
    const runs = [];
    for (let i = 0; i < (concurrency === 1 ? 1 : RUNS); i++) runs.push(await once(server, store, target, concurrency, ++round));
    const byTime = [...runs].sort((a, b) => a.elapsed - b.elapsed);
    const mid = byTime[Math.floor(byTime.length / 2)];
    const anchorMs = median(runs.map((r) => r.anchor));
    console.log(
      `${label.padEnd(6)} migrate ${CONNECTIONS}, concurrency ${concurrency} (${runs.length} run${runs.length > 1 ? 's, median' : ''})   ${rate(mid.migrated, mid.elapsed)}` +
        `   ${mid.migrated}/${mid.ready} migrated in ${ms(mid.elapsed)}`,
    );
    console.log(
      `${label.padEnd(6)} anchor: bare creates, concurrency ${concurrency}            ${rate(mid.bare, anchorMs)}   transaction = ${(mid.elapsed / mid.migrated / (anchorMs / mid.bare)).toFixed(1)}× a bare create per connection`,
    );
  }
}

export async function run(): Promise<void> {
  const [bao, moto] = await Promise.all([startOpenBao(), startMoto()]);
  try {
    console.log(
      `Migration of ${CONNECTIONS} connections (every schema; fresh local OpenBao ${bao.address} / moto ${moto.endpoint} per run)`,
    );
    await benchStore('vault', bao, () => vaultStore(VAULT.store, bao.address, bao.rootToken), VAULT);
    await benchStore('aws', moto, () => awsStore(AWS.store, moto.endpoint), AWS);
  } finally {
    await Promise.all([bao.stop(), moto.stop()]);
  }
}

runStandalone(module, run);
