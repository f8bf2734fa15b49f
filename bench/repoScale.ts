// Speed at repository scale, against the scanners teams run beside secretref (issue 17 item 7): a
// generated, labelled repository of 10,000 config files (about 100 MB: repoCorpus.ts), scanned in one
// run by `secretref check` (the built CLI bundle, as a user runs it), gitleaks and detect-secrets
// (installed by scripts/bench-scanners.sh). For each: wall time, CPU time, peak memory (the resident
// set of the whole process tree, sampled from /proc, and the kernel's peak of its largest process), and
// precision / recall of its findings (file + line) against the labelled inline secrets.
// Targets: secretref recall 100% and no false positive; wall time at most gitleaks' and at least 10x
// under detect-secrets'. `--quick` (or SECRETREF_BENCH_FILES=<n>) runs a smaller repository.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type CorpusLabels, type Finding, type Score, scoreFindings, writeCorpus } from './repoCorpus';
import { median, runStandalone } from './stats';

const SEED = 17;
const FULL_FILES = 10_000;
const QUICK_FILES = 500;
const MB = 1024 * 1024;
const CLI = path.resolve(__dirname, '../../dist/cli.js');
const TIME = '/usr/bin/time';

interface RunResult {
  wallMs: number;
  /** User + system CPU of the process and its children (from /usr/bin/time), when available. */
  cpuMs?: number;
  /** Largest sum of resident sets over the process tree, sampled every 20 ms. */
  treePeakBytes: number;
  /** The kernel's peak resident set of the largest single process (/usr/bin/time), when available. */
  processPeakBytes?: number;
  stdout: string;
}

/** Resident set sizes of a process tree, polled from /proc: the tree is re-listed every 200 ms. */
class TreeSampler {
  private readonly pids = new Set<number>();
  private readonly page = 4096;
  peak = 0;
  private ticks = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(root: number) {
    this.pids.add(root);
    this.timer = setInterval(() => this.sample(), 20);
  }

  private children(): void {
    let entries: string[];
    try {
      entries = fs.readdirSync('/proc');
    } catch {
      return;
    }
    for (const name of entries) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || this.pids.has(pid)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (this.pids.has(ppid)) this.pids.add(pid);
      } catch {
        // gone meanwhile
      }
    }
  }

  sample(): void {
    if (this.ticks++ % 10 === 0) this.children();
    let total = 0;
    for (const pid of this.pids) {
      try {
        total += Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * this.page;
      } catch {
        this.pids.delete(pid);
      }
    }
    this.peak = Math.max(this.peak, total);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Runs one command to its end, timed and sampled; throws on a non-zero exit (with the end of its stderr). */
async function measure(command: string, args: string[], cwd: string): Promise<RunResult> {
  const timing = fs.existsSync(TIME) ? path.join(os.tmpdir(), `secretref-bench-time-${process.pid}-${Date.now()}`) : undefined;
  const [file, argv] = timing ? [TIME, ['-f', '%U %S %M', '-o', timing, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler = new TreeSampler(child.pid!);
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const wallMs = performance.now() - started;
  sampler.stop();
  if (code !== 0) throw new Error(`${path.basename(command)} exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`);
  const result: RunResult = { wallMs, treePeakBytes: sampler.peak, stdout: Buffer.concat(out).toString() };
  if (timing) {
    const [user, system, maxKb] = fs.readFileSync(timing, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    fs.rmSync(timing, { force: true });
    result.cpuMs = (user + system) * 1000;
    result.processPeakBytes = maxKb * 1024;
  }
  return result;
}

interface Tool {
  name: string;
  version: string;
  runs: number;
  /** One scan of `repo`; `scratch` is a folder outside it for report files. */
  scan(repo: string, scratch: string): Promise<{ run: RunResult; findings: Finding[]; other?: number }>;
}

function versionOf(command: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', () => resolve('?'));
    child.on('close', () => resolve(out.trim().split('\n')[0] || '?'));
  });
}

/** The file of a finding as the labels write it: relative to the repository, with `/`. */
const relative = (repo: string, file: string) => path.relative(repo, path.resolve(repo, file)).split(path.sep).join('/');

type Scan = Tool['scan'];

/** A scanner installed by scripts/bench-scanners.sh (its path in `variable`), with its version. */
async function installed(
  variable: string,
  name: string,
  versionArgs: string[],
  scan: (command: string) => Scan,
): Promise<Tool | undefined> {
  const command = process.env[variable];
  if (!command || !fs.existsSync(command)) return undefined;
  return { name, version: await versionOf(command, versionArgs), runs: 1, scan: scan(command) };
}

const secretref = (quick: boolean): Promise<Tool> =>
  versionOf(process.execPath, [CLI, '--version']).then((version) => ({
    name: 'secretref check',
    version,
    runs: quick ? 1 : 3,
    async scan(repo: string) {
      const run = await measure(process.execPath, [CLI, 'check', '--format', 'json', '--fail-on', 'never', '.'], repo);
      const all = JSON.parse(run.stdout) as { file: string; line: number; code: string }[];
      const secrets = all.filter((f) => f.code === 'inline-secret');
      return { run, findings: secrets.map((f) => ({ file: relative(repo, f.file), line: f.line })), other: all.length - secrets.length };
    },
  }));

const gitleaks = (command: string): Scan =>
  async function scan(repo, scratch) {
    const report = path.join(scratch, 'gitleaks.json');
    const options = '--report-format json --redact --no-banner --exit-code 0 --log-level error'.split(' ');
    const run = await measure(command, ['dir', '.', ...options, '--report-path', report], repo);
    const leaks = JSON.parse(fs.readFileSync(report, 'utf8')) as { File: string; StartLine: number }[];
    return { run, findings: leaks.map((l) => ({ file: relative(repo, l.File), line: l.StartLine })) };
  };

const detectSecrets = (command: string): Scan =>
  async function scan(repo) {
    // --all-files: the folder is no git repository; the baseline (JSON) goes to standard output.
    const run = await measure(command, ['scan', '--all-files', '.'], repo);
    const baseline = JSON.parse(run.stdout) as { results: Record<string, { line_number: number }[]> };
    const findings = Object.entries(baseline.results).flatMap(([file, hits]) =>
      hits.map((h) => ({ file: relative(repo, file), line: h.line_number })),
    );
    return { run, findings };
  };

async function tools(quick: boolean): Promise<{ available: Tool[]; missing: string[] }> {
  const others = {
    gitleaks: await installed('SECRETREF_GITLEAKS', 'gitleaks dir', ['version'], gitleaks),
    'detect-secrets': await installed('SECRETREF_DETECT_SECRETS', 'detect-secrets scan', ['--version'], detectSecrets),
  };
  const available = [await secretref(quick), ...Object.values(others).filter((t): t is Tool => t !== undefined)];
  return { available, missing: Object.keys(others).filter((name) => !others[name as keyof typeof others]) };
}

interface Row {
  tool: Tool;
  wallMs: number;
  cpuMs?: number;
  peakBytes: number;
  score: Score;
  other?: number;
}

const seconds = (msValue: number) => `${(msValue / 1000).toFixed(msValue < 10_000 ? 2 : 1)} s`;
const megabytes = (bytes: number) => `${Math.round(bytes / MB)} MB`;
const percent = (x: number) => `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 1)}%`;

function table(rows: Row[]): string {
  const header = [
    'tool',
    'version',
    'wall',
    'CPU',
    'peak RSS',
    'flagged',
    'true pos.',
    'false pos. (refs / decoys / other)',
    'missed',
    'precision',
    'recall',
  ];
  const lines = rows.map((r) => [
    r.tool.name,
    r.tool.version,
    `${seconds(r.wallMs)}${r.tool.runs > 1 ? ` (median of ${r.tool.runs})` : ''}`,
    r.cpuMs === undefined ? '-' : seconds(r.cpuMs),
    megabytes(r.peakBytes),
    String(r.score.flagged),
    String(r.score.truePositives),
    `${r.score.falsePositives} (${r.score.onReferences} / ${r.score.onDecoys} / ${r.score.elsewhere})`,
    String(r.score.missed),
    percent(r.score.precision),
    percent(r.score.recall),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  return [header, ...lines].map((cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}

function describe(labels: CorpusLabels, tookMs: number): string {
  const formats = Object.entries(labels.formats)
    .map(([format, n]) => `${n} ${format}`)
    .join(', ');
  return [
    `repository: ${labels.files} files, ${(labels.bytes / MB).toFixed(1)} MB (${formats}), seed ${labels.seed}, generated in ${seconds(tookMs)}`,
    `labels: ${labels.secrets.length} inline secrets, ${labels.references.length} references in secret fields, ${labels.decoys.length} decoys (\${ENV}, <placeholder>, ids and hashes)`,
  ].join('\n');
}

export async function run(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const files = Number(process.env.SECRETREF_BENCH_FILES ?? (quick ? QUICK_FILES : FULL_FILES));
  if (!Number.isInteger(files) || files < 1)
    throw new Error(`SECRETREF_BENCH_FILES must be a positive integer, not "${process.env.SECRETREF_BENCH_FILES}"`);
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-repo-bench-'));
  try {
    const started = performance.now();
    const { repo, labels } = writeCorpus(dir, { files, seed: SEED });
    console.log(describe(labels, performance.now() - started));
    // Every tool reads from the page cache: one untimed pass reads each file once.
    for (const file of fs.readdirSync(repo, { recursive: true, withFileTypes: true })) {
      if (file.isFile()) fs.readFileSync(path.join(file.parentPath, file.name));
    }
    const { available, missing } = await tools(quick);
    if (missing.length > 0)
      console.log(`not installed: ${missing.join(', ')} (scripts/bench-scanners.sh installs them; npm run bench runs it)`);
    const rows: Row[] = [];
    for (const tool of available) {
      const runs: RunResult[] = [];
      let last: Awaited<ReturnType<Tool['scan']>> | undefined;
      for (let i = 0; i < tool.runs; i++) {
        last = await tool.scan(repo, dir);
        runs.push(last.run);
      }
      const cpu = runs.map((r) => r.cpuMs).filter((c): c is number => c !== undefined);
      rows.push({
        tool,
        wallMs: median(runs.map((r) => r.wallMs)),
        cpuMs: cpu.length > 0 ? median(cpu) : undefined,
        peakBytes: Math.max(...runs.map((r) => Math.max(r.treePeakBytes, r.processPeakBytes ?? 0))),
        score: scoreFindings(labels, last!.findings),
        other: last!.other,
      });
    }
    console.log(`machine: ${os.cpus().length} cores, load average (1 min) ${os.loadavg()[0].toFixed(1)} at the end`);
    console.log(table(rows));
    verdicts(rows);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function verdicts(rows: Row[]): void {
  const ours = rows[0];
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(
    `secretref: recall ${percent(ours.score.recall)} (target 100%: ${met(ours.score.missed === 0)}), ${ours.score.falsePositives} false positives (target 0: ${met(ours.score.falsePositives === 0)}); ${ours.other} findings other than inline-secret (the generated configs are schema-valid)`,
  );
  const gitleaks = rows.find((r) => r.tool.name.startsWith('gitleaks'));
  if (gitleaks) {
    const ratio = gitleaks.wallMs / ours.wallMs;
    console.log(
      `wall time against gitleaks: ${seconds(ours.wallMs)} vs ${seconds(gitleaks.wallMs)}, ${ratio.toFixed(1)}× (target ≤ gitleaks: ${met(ratio >= 1)})`,
    );
  }
  const detectSecrets = rows.find((r) => r.tool.name.startsWith('detect-secrets'));
  if (detectSecrets) {
    const ratio = detectSecrets.wallMs / ours.wallMs;
    console.log(
      `wall time against detect-secrets: ${seconds(ours.wallMs)} vs ${seconds(detectSecrets.wallMs)}, ${ratio.toFixed(1)}× (target ≥ 10×: ${met(ratio >= 10)})`,
    );
  }
}

runStandalone(module, run);
