// Tree views at scale: seeds 10,000 secrets into a fresh OpenBao and a fresh moto, then drives the
// Secrets tree's model (the same VS Code-free class the view renders) through the store manager:
// time to the first page, to expand a folder, to load the next page, and the heap after browsing.
// Anchor: the complete listing of the same level. The first page must not wait for it.
import { createStoreManager, memoryCredentialStore, ResolvedStoreConfig, StoreManager } from '../src/core/stores';
import { SecretTreeModel } from '../src/features/views/model/secretTreeModel';
import { FolderNode, nodeId, SecretTreeNode, StoreNode } from '../src/features/views/model/treeNodes';
import { AWS_REGION, AWS_TEST_CREDENTIALS, testAwsClient } from '../test/support/seed';
import { startMoto, startOpenBao, vaultApi } from '../test/support/stores';
import { compareLine, median, ms, runStandalone, sample, timeIt } from './stats';

const RUNS = 5;
const PAGE_SIZE = 100;
const FOLDER_SIZE = 100;

/** Half the secrets sit at the root, half in folders of 100 (`team-07/secret-042`). */
function names(total: number): string[] {
  const out: string[] = [];
  const atRoot = Math.floor(total / 2);
  for (let i = 0; i < atRoot; i++) out.push(`app-secret-${String(i).padStart(5, '0')}`);
  for (let i = 0; i < total - atRoot; i++) {
    out.push(`team-${String(Math.floor(i / FOLDER_SIZE)).padStart(2, '0')}/secret-${String(i % FOLDER_SIZE).padStart(3, '0')}`);
  }
  return out;
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** moto's threaded server now and then answers a burst with an HTML error page: retry those. */
async function retried(work: () => Promise<unknown>, exists: (error: unknown) => boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return;
    } catch (error) {
      if (exists(error)) return;
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

function model(manager: StoreManager): SecretTreeModel {
  return new SecretTreeModel(manager, { pageSize: () => PAGE_SIZE, awsFlatList: () => false });
}

async function listEverything(manager: StoreManager, store: string): Promise<number> {
  let token: string | undefined;
  let count = 0;
  do {
    const page = await manager.list(store, { pageSize: PAGE_SIZE, ...(token ? { pageToken: token } : {}) });
    count += page.entries.length;
    token = page.nextPageToken;
  } while (token);
  return count;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function measure(manager: StoreManager, store: StoreNode, label: string): Promise<void> {
  const folder: FolderNode = {
    type: 'folder',
    id: nodeId('folder', store.store, 'team-07/'),
    store: store.store,
    storeKind: store.storeKind,
    prefix: 'team-07/',
    label: 'team-07',
  };
  let firstPageCount = 0;
  const firstPage = await sample(RUNS, async () => {
    firstPageCount = (await model(manager).children(store)).length;
  });
  let folderCount = 0;
  const expand = await sample(RUNS, async () => {
    folderCount = (await model(manager).children(folder)).length;
  });
  const nextPage = await sample(RUNS, async () => {
    const m = model(manager);
    const children = await m.children(store);
    const more = children.find((c) => c.type === 'loadMore');
    if (more?.type === 'loadMore') await m.loadMore(more);
  });
  let total = 0;
  const full = await sample(3, async () => {
    total = await listEverything(manager, store.store);
  });
  console.log(`${label}: ${total} entries at the root level (pages of ${PAGE_SIZE})`);
  console.log(`  first page shown (${firstPageCount} nodes)`.padEnd(54) + `median ${ms(median(firstPage))}`);
  console.log(`  expand folder team-07/ (${folderCount} nodes)`.padEnd(54) + `median ${ms(median(expand))}`);
  console.log(`  first page + "Load more"`.padEnd(54) + `median ${ms(median(nextPage))}`);
  console.log(`  ${compareLine('first page vs complete listing of the root', median(firstPage), median(full))}`);

  // Browse like a user: the root, 20 more pages, 10 folders and 10 secrets opened to their keys.
  const before = heapMb();
  const m = model(manager);
  let children: SecretTreeNode[] = [];
  const browse = await timeIt(async () => {
    children = await m.children(store);
    for (let i = 0; i < 20; i++) {
      const more = children.find((c) => c.type === 'loadMore');
      if (more?.type !== 'loadMore') break;
      await m.loadMore(more);
      children = await m.children(store);
    }
    for (let f = 0; f < 10; f++) {
      const prefix = `team-${String(f).padStart(2, '0')}/`;
      const node: FolderNode = { ...folder, id: nodeId('folder', store.store, prefix), prefix, label: prefix };
      const secrets = await m.children(node);
      const secret = secrets.find((s) => s.type === 'secret');
      if (secret) await m.children(secret);
    }
  });
  const after = heapMb();
  console.log(
    `  browse (root + 20 pages + 10 folders + 10 secrets)`.padEnd(54) +
      `${ms(browse)}, ${m.size} nodes, heap ${after.toFixed(1)} MB (+${(after - before).toFixed(1)} MB)`,
  );
  m.dispose();
}

export async function run(): Promise<void> {
  const total = Number(process.env.SECRETREF_BENCH_VIEWS_COUNT ?? 10_000);
  const all = names(total);
  const [bao, moto] = await Promise.all([startOpenBao(), startMoto()]);
  try {
    const seedStart = Date.now();
    const aws = testAwsClient(moto.endpoint);
    const { CreateSecretCommand } = await import('@aws-sdk/client-secrets-manager');
    await Promise.all([
      inParallel(all, 32, (name) =>
        vaultApi(bao, bao.rootToken, 'POST', `secret/data/${name}`, { data: { user: 'bench', password: `pw-${name}` } }),
      ),
      // One at a time: moto's threaded server has crashed under parallel CreateSecret bursts (~4,000 secrets in).
      inParallel(all, 1, (name) =>
        retried(
          () => aws.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ user: 'bench', password: `pw-${name}` }) })),
          (error) => (error as { name?: string }).name === 'ResourceExistsException',
        ),
      ),
    ]);
    aws.destroy();
    console.log(`seeded ${total} secrets into OpenBao and into moto in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    const configs: ResolvedStoreConfig[] = [
      { kind: 'vault', name: 'bench-vault', url: bao.address, enginePath: 'secret', auth: 'token', source: 'user' },
      { kind: 'aws', name: 'bench-aws', region: AWS_REGION, endpoint: moto.endpoint, auth: 'accessKey', source: 'user' },
    ];
    const manager = createStoreManager({ credentials: memoryCredentialStore(), configs });
    await manager.signIn('bench-vault', { token: bao.rootToken });
    await manager.signIn('bench-aws', AWS_TEST_CREDENTIALS);
    const heapStart = heapMb();
    console.log(`heap before browsing: ${heapStart.toFixed(1)} MB (plain Node, the model and stores the extension host runs)`);
    await measure(
      manager,
      { type: 'store', id: nodeId('store', 'bench-vault'), store: 'bench-vault', storeKind: 'vault' },
      'OpenBao KV v2 (one LIST per folder; pages cut client-side)',
    );
    await measure(
      manager,
      { type: 'store', id: nodeId('store', 'bench-aws'), store: 'bench-aws', storeKind: 'aws' },
      'moto Secrets Manager (ListSecrets pages, grouped by "/")',
    );
    manager.dispose();
  } finally {
    await Promise.all([bao.stop(), moto.stop()]);
  }
}

runStandalone(module, run);
