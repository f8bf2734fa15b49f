// The labelled repository of the repository-scale bench (repoScale.ts): a seeded generator of config
// files as teams keep them (JSON credential files and connections files, YAML connectors, `.env`,
// Python flows), written to a folder with a label file beside it, and the scoring of a scanner's
// findings (file + line) against the labels. Deterministic: one seed, one repository, byte for byte.
//
// Labels: every inline secret (a literal in a field that holds a secret: passwords, tokens, private
// keys, API keys, client secrets), every reference in such a field (vault.secret(...),
// {{resolve:secretsmanager:...}}, {{getSecrets...}}), and decoys: values that are no secret but look
// like one to a pattern or entropy scanner (`${ENV}` interpolation, `<placeholders>`, ids, hashes,
// fingerprints). A finding on a secret's line is a true positive; any other flagged line a false one.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type CorpusFormat = 'credential-json' | 'connections-json' | 'yaml' | 'env' | 'python';

export interface LabelledLine {
  /** Path relative to the repository root, with `/`. */
  file: string;
  /** 1-based. */
  line: number;
  /** The field (or key) that holds it. */
  field: string;
  /** secrets: password, token, private-key, api-key, cloud-key; references: vault, aws, template; decoys: env, placeholder, id. */
  kind: string;
  format: CorpusFormat;
}

export interface CorpusLabels {
  seed: number;
  files: number;
  bytes: number;
  /** Files per format. */
  formats: Record<CorpusFormat, number>;
  secrets: LabelledLine[];
  references: LabelledLine[];
  decoys: LabelledLine[];
}

export interface CorpusOptions {
  files: number;
  seed: number;
}

/** The repository's files (relative path -> text) and their labels, in memory. */
export interface Corpus {
  files: Map<string, string>;
  labels: CorpusLabels;
}

// ---------------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): the same seed gives the same repository on every machine.

class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const BASE64 = `${ALNUM}+/`;
/** Safe in every format unquoted and quoted: no quote, backslash, `#`, `$`, braces, `<>`, `:` or space. */
const PUNCT = '!@%^*_+-.~';
const WORDS = [
  'orders',
  'billing',
  'events',
  'ledger',
  'metrics',
  'finance',
  'growth',
  'users',
  'inventory',
  'payments',
  'audit',
  'sales',
  'marketing',
  'support',
  'search',
  'catalog',
];
const CAPITAL_WORDS = ['Winter', 'Summer', 'Orchid', 'Falcon', 'Harbor', 'Copper', 'Meadow', 'Quartz', 'Cobalt', 'Juniper'];

// ---------------------------------------------------------------------------------------------------
// Values: inline secrets, references and decoys.

type Mark = { list: 'secrets' | 'references' | 'decoys'; kind: string };

interface Valued {
  value: string;
  mark?: Mark;
}

class Values {
  constructor(private readonly r: Random) {}

  password(): Valued {
    const r = this.r;
    const value = r.chance(0.35)
      ? `${r.pick(CAPITAL_WORDS)}${r.pick(CAPITAL_WORDS)}${r.int(1990, 2026)}${r.pick([...PUNCT])}`
      : `${r.chars(ALNUM, 1)}${r.chars(ALNUM + PUNCT, r.int(15, 27))}`;
    return { value, mark: { list: 'secrets', kind: 'password' } };
  }
  token(): Valued {
    const r = this.r;
    const value = r.pick([
      () => `ghp_${r.chars(ALNUM, 36)}`,
      () => `dapi${r.chars(HEX, 32)}`,
      () => r.chars(HEX, 40),
      () => `${r.chars(ALNUM, 24)}.${r.chars(ALNUM, 12)}`,
    ])();
    return { value, mark: { list: 'secrets', kind: 'token' } };
  }
  apiKey(): Valued {
    return { value: `${this.r.chars(ALNUM, 32)}`, mark: { list: 'secrets', kind: 'api-key' } };
  }
  keyId(): Valued {
    return { value: this.r.chars(HEX, 40), mark: { list: 'secrets', kind: 'token' } };
  }
  cloudKey(): Valued {
    return { value: this.r.chars(BASE64, 40), mark: { list: 'secrets', kind: 'cloud-key' } };
  }
  /** A PEM key on one line, its newlines escaped as JSON, YAML double quotes and Python write them. */
  privateKey(): Valued {
    const body = Array.from({ length: 4 }, () => this.r.chars(BASE64, 64)).join('\\n');
    return {
      value: `-----BEGIN PRIVATE KEY-----\\nMIIE${body}\\n-----END PRIVATE KEY-----\\n`,
      mark: { list: 'secrets', kind: 'private-key' },
    };
  }
  /** A reference to where the secret lives, of one of the three kinds. */
  reference(app: string, key: string): Valued {
    const r = this.r;
    const kind = r.pick(['vault', 'vault', 'aws', 'template']);
    const arn = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${app}/db-${r.chars(ALNUM, 6)}`;
    const value =
      kind === 'vault'
        ? `vault.secret(${r.pick(['prod-vault', 'team-vault', 'ci-vault'])}:apps/${app}/${r.pick(WORDS)}.${key}${r.chance(0.2) ? '@3' : ''})`
        : kind === 'aws'
          ? `{{resolve:secretsmanager:${arn}:SecretString:${key}${r.chance(0.3) ? ':AWSCURRENT' : ''}}}`
          : `{{getSecrets.response.${key}}}`;
    return { value, mark: { list: 'references', kind } };
  }
  /** A secret field that holds no secret: `${ENV}` interpolation or a `<placeholder>`. */
  notASecret(key: string): Valued {
    const env = this.r.chance(0.6);
    return { value: env ? `\${${key.toUpperCase()}}` : `<${key}>`, mark: { list: 'decoys', kind: env ? 'env' : 'placeholder' } };
  }
  /** An inline secret (share `inline`), else a reference, now and then a placeholder. */
  secretField(kind: () => Valued, app: string, key: string, inline: number): Valued {
    const roll = this.r.next();
    if (roll < inline) return kind();
    if (roll < inline + 0.04) return this.notASecret(key);
    return this.reference(app, key);
  }
  /** High-entropy values that are no secret: ids, hashes, fingerprints. */
  id(): Valued {
    const r = this.r;
    const value = r.pick([
      () => `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-a${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`,
      () => r.chars(HEX, 40),
      () => `sha256:${r.chars(HEX, 64)}`,
      () => r.chars(ALNUM, 20),
    ])();
    return { value, mark: { list: 'decoys', kind: 'id' } };
  }
  plain(value: string): Valued {
    return { value };
  }
}

// ---------------------------------------------------------------------------------------------------
// Files: lines with their marks.

class FileText {
  readonly lines: string[] = [];
  readonly marks: { line: number; field: string; mark: Mark }[] = [];
  size = 0;
  push(line: string, field?: string, mark?: Mark): void {
    this.lines.push(line);
    this.size += line.length + 1;
    if (mark && field) this.marks.push({ line: this.lines.length, field, mark });
  }
}

type JsonField = [key: string, value: Valued | number | boolean | null | JsonField[]];

/** Pretty-printed JSON, one member per line (so every value has its own line): `open`, the members at `indent`, the close. */
function jsonObject(out: FileText, fields: readonly JsonField[], indent: string, open: string, trailer: string): void {
  out.push(open);
  fields.forEach(([key, value], i) => {
    const comma = i < fields.length - 1 ? ',' : '';
    if (Array.isArray(value)) jsonObject(out, value, `${indent}  `, `${indent}${JSON.stringify(key)}: {`, comma);
    // Values are generated without quotes or backslashes, except a PEM's newlines, written escaped.
    else if (value !== null && typeof value === 'object')
      out.push(`${indent}${JSON.stringify(key)}: "${value.value}"${comma}`, key, value.mark);
    else out.push(`${indent}${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
  });
  out.push(`${indent.slice(2)}}${trailer}`);
}

interface Credential {
  schema: string;
  fields: JsonField[];
}

/** One credential of a schema, valid against it, its secret fields inline or referenced. */
function credential(v: Values, r: Random, app: string, inline: number): Credential {
  const host = `${app}-${r.int(1, 99)}.${r.pick(['internal', 'prod.example.com', 'eu-west-1.rds.amazonaws.com'])}`;
  const db = `${r.pick(WORDS)}_${r.pick(['raw', 'mart', 'stage'])}`;
  const user = `svc_${app.replace(/-/g, '_')}`;
  const schema = r.pick([
    'postgres',
    'postgres',
    'redshift',
    'mysql',
    'snowflake',
    'snowflake',
    'tableau',
    'looker',
    'bigquery',
    'presto',
    'hive',
  ]);
  const pw = () => v.secretField(() => v.password(), app, 'password', inline);
  switch (schema) {
    case 'postgres':
    case 'redshift': {
      const fields: JsonField[] = [
        ['db_name', v.plain(db)],
        ['host', v.plain(host)],
        ['port', v.plain(schema === 'postgres' ? '5432' : '5439')],
        ['user', v.plain(user)],
        ['password', pw()],
      ];
      return { schema, fields: schema === 'postgres' ? fields : [...fields, ['external_id', v.id()]] };
    }
    case 'mysql':
      return {
        schema,
        fields: [
          ['host', v.plain(host)],
          ['port', 3306],
          ['username', v.plain(user)],
          ['database', null],
          ['password', pw()],
        ],
      };
    case 'snowflake':
      return {
        schema,
        fields: [
          ['user', v.plain(user.toUpperCase())],
          ['password', pw()],
          ['account', v.plain(`${r.chars('abcdefghijklmnopqrstuvwxyz', 2)}${r.int(10000, 99999)}.us-east-1`)],
          ['warehouse', v.plain(`${r.pick(WORDS).toUpperCase()}_WH`)],
        ],
      };
    case 'tableau':
      return {
        schema,
        fields: [
          ['server_name', v.plain(`tableau.${app}.example.com`)],
          ['site_name', v.plain(app)],
          ['token_name', v.plain(`${app}-extract`)],
          ['token_value', v.secretField(() => v.token(), app, 'token_value', inline)],
        ],
      };
    case 'looker':
      return {
        schema,
        fields: [
          ['base_url', v.plain(`https://${app}.looker.com:19999`)],
          ['client_id', v.id()],
          ['client_secret', v.secretField(() => v.apiKey(), app, 'client_secret', inline)],
          ['verify_ssl', true],
        ],
      };
    case 'bigquery': {
      const project = `${app}-${r.int(100000, 999999)}`;
      const email = `monte-carlo@${project}.iam.gserviceaccount.com`;
      return {
        schema,
        fields: [
          ['type', v.plain('service_account')],
          ['project_id', v.plain(project)],
          ['private_key_id', v.secretField(() => v.keyId(), app, 'private_key_id', inline)],
          ['private_key', v.secretField(() => v.privateKey(), app, 'private_key', inline)],
          ['client_email', v.plain(email)],
          ['client_id', v.plain(String(r.int(100000000000, 999999999999)))],
          ['auth_uri', v.plain('https://accounts.google.com/o/oauth2/auth')],
          ['token_uri', v.plain('https://oauth2.googleapis.com/token')],
          ['auth_provider_x509_cert_url', v.plain('https://www.googleapis.com/oauth2/v1/certs')],
          ['client_x509_cert_url', v.plain(`https://www.googleapis.com/robot/v1/metadata/x509/${email}`)],
        ],
      };
    }
    case 'presto':
      return {
        schema,
        fields: [
          ['host', v.plain(host)],
          ['port', 8080],
          ['user', v.plain(user)],
          ['catalog', v.plain('hive')],
          ['http_scheme', v.plain('https')],
          ['password', pw()],
        ],
      };
    default:
      return {
        schema: 'hive',
        fields: [
          ['mode', v.plain('databricks')],
          ['databricks_workspace_url', v.plain(`https://dbc-${r.chars(HEX, 8)}.cloud.databricks.com`)],
          ['databricks_workspace_id', v.plain(String(r.int(1000000000000000, 9999999999999999)))],
          ['databricks_cluster_id', v.plain(`${r.int(1000, 9999)}-${r.int(100000, 999999)}-${r.chars('abcdefghijklmnopqrstuvwxyz', 8)}`)],
          ['databricks_token', v.secretField(() => v.token(), app, 'databricks_token', inline)],
        ],
      };
  }
}

/** `*.<schema>.json`: one credential. */
function credentialFile(v: Values, r: Random, app: string): { name: string; text: FileText } {
  const out = new FileText();
  const c = credential(v, r, app, 0.3);
  jsonObject(out, c.fields, '  ', '{', '');
  return { name: `${app}.${c.schema}.json`, text: out };
}

/** `*.connections.json`: an array, or an object of named entries, of {name, type, credentials} connections. */
function connectionsFile(v: Values, r: Random, app: string, target: number): { name: string; text: FileText } {
  const out = new FileText();
  const named = r.chance(0.4);
  out.push(named ? '{' : '[');
  for (let i = 0; ; i++) {
    const c = credential(v, r, `${app}-${i}`, 0.06);
    const fields: JsonField[] = [
      ['name', v.plain(`${app}-${c.schema}-${i}`)],
      ['type', v.plain(c.schema)],
      ['credentials', c.fields],
      [
        'description',
        v.plain(`Nightly load of the ${r.pick(WORDS)} ${r.pick(['tables', 'events', 'snapshots'])} into the ${r.pick(WORDS)} mart.`),
      ],
      ['schedule', v.plain(`${r.int(0, 59)} ${r.int(0, 23)} * * *`)],
    ];
    const last = out.size + 700 >= target;
    jsonObject(out, fields, '    ', named ? `  ${JSON.stringify(`${app}-${i}`)}: {` : '  {', last ? '' : ',');
    if (last) break;
  }
  out.push(named ? '}' : ']');
  return { name: `${app}.connections.json`, text: out };
}

/** YAML connectors: a list of typed connections with credentials, and a service's environment. */
function yamlFile(v: Values, r: Random, app: string, target: number): { name: string; text: FileText } {
  const out = new FileText();
  const q = (value: Valued): string => {
    const style = r.int(0, 2);
    // A value starting with `{` must be quoted in YAML; references of that shape always are.
    if (style === 0 && !value.value.startsWith('{') && !value.value.startsWith('<')) return value.value;
    return style === 2 ? `'${value.value}'` : `"${value.value}"`;
  };
  const field = (indent: string, key: string, value: Valued) => out.push(`${indent}${key}: ${q(value)}`, key, value.mark);
  out.push(`# Connectors of ${app}, loaded by the scheduler.`);
  out.push('connectors:');
  for (let i = 0; out.size < target; i++) {
    const c = credential(v, r, `${app}-${i}`, 0.08);
    out.push(`  - name: ${app}-${c.schema}-${i}`);
    out.push(`    type: ${c.schema}`);
    out.push(`    schedule: "${r.int(0, 59)} ${r.int(0, 23)} * * *"`);
    out.push('    credentials:');
    for (const [key, value] of c.fields) {
      // Credentials are flat: a value is a string (with its mark), a number, a boolean or null.
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) field('      ', key, value);
      else if (!Array.isArray(value)) out.push(`      ${key}: ${value === null ? 'null' : String(value)}`);
    }
    out.push('    options:');
    out.push(`      retries: ${r.int(0, 5)}`);
    out.push(`      timeout_seconds: ${r.int(30, 900)}`);
    out.push(`      # ${r.pick(WORDS)} owners: data-platform`);
    field('      ', 'request_id', v.id());
    if (r.chance(0.15)) {
      out.push('    notify:');
      field(
        '      ',
        'slack_token',
        v.secretField(() => v.token(), app, 'slack_token', 0.3),
      );
    }
  }
  out.push('environment:');
  field(
    '  ',
    'API_TOKEN',
    v.secretField(() => v.token(), app, 'api_token', 0.2),
  );
  field('  ', 'LOG_LEVEL', v.plain('info'));
  return { name: `${app}.yaml`, text: out };
}

/** `.env`: a service's settings, secrets among them. */
function envFile(v: Values, r: Random, app: string, target: number): { name: string; text: FileText } {
  const out = new FileText();
  const line = (key: string, value: Valued) => {
    const quote = r.pick(['', '', '"', "'"]);
    out.push(`${r.chance(0.1) ? 'export ' : ''}${key}=${quote}${value.value}${quote}`, key, value.mark);
  };
  out.push(`# ${app}: local settings (copied into the container at deploy)`);
  for (let i = 0; out.size < target; i++) {
    const prefix = `${r.pick(WORDS).toUpperCase()}_${i}`;
    line(`${prefix}_HOST`, v.plain(`${app}-${i}.internal`));
    line(`${prefix}_PORT`, v.plain(String(r.pick([5432, 3306, 5439, 8080]))));
    line(`${prefix}_USER`, v.plain(`svc_${i}`));
    line(
      `${prefix}_PASSWORD`,
      v.secretField(() => v.password(), app, 'password', 0.12),
    );
    if (r.chance(0.3))
      line(
        `${prefix}_API_KEY`,
        v.secretField(() => v.apiKey(), app, 'api_key', 0.2),
      );
    if (r.chance(0.15))
      line(
        `${prefix}_AWS_SECRET_ACCESS_KEY`,
        v.secretField(() => v.cloudKey(), app, 'aws_secret_access_key', 0.3),
      );
    line(`${prefix}_BUILD_SHA`, v.id());
    line(`${prefix}_TIMEOUT`, v.plain(String(r.int(5, 120))));
    out.push('');
  }
  return { name: `${app}.env`, text: out };
}

/** Python flows: module settings, connect() calls with keyword arguments, dict configs, docstrings. */
function pythonFile(v: Values, r: Random, app: string, target: number): { name: string; text: FileText } {
  const out = new FileText();
  const str = (value: Valued) => (r.chance(0.5) ? `"${value.value}"` : `'${value.value}'`);
  out.push(`"""Flows of ${app}: extract, load and check the ${r.pick(WORDS)} tables."""`);
  out.push('import logging');
  out.push('');
  const token = v.secretField(() => v.token(), app, 'api_token', 0.25);
  out.push(`API_TOKEN = ${str(token)}`, 'API_TOKEN', token.mark);
  const sha = v.id();
  out.push(`BUILD_SHA = ${str(sha)}`, 'BUILD_SHA', sha.mark);
  out.push(`LOG = logging.getLogger(${JSON.stringify(app)})`);
  out.push('');
  for (let i = 0; out.size < target; i++) {
    out.push('');
    out.push(`def load_${r.pick(WORDS)}_${i}(system, this, inputs):`);
    out.push(`    """Load step ${i}: reads the source table and writes the ${r.pick(WORDS)} mart."""`);
    out.push(`    # retry up to ${r.int(1, 5)} times on a lost connection`);
    const password = v.secretField(() => v.password(), app, 'password', 0.1);
    out.push(`    conn = this.connect(`);
    out.push(`        connector_type='SQLPG',`);
    out.push(`        host='${app}-${i}.internal',`);
    out.push(`        user='svc_${i}',`);
    out.push(`        password=${str(password)},`, 'password', password.mark);
    out.push(`        timeout=${r.int(10, 300)},`);
    out.push('    )');
    if (r.chance(0.3)) {
      const key = v.secretField(() => v.apiKey(), app, 'api_key', 0.2);
      out.push(`    settings = {"endpoint": "https://api.example.com/v${r.int(1, 3)}", "api_key": ${str(key)}}`, 'api_key', key.mark);
    }
    out.push(`    rows = conn.execute("SELECT * FROM ${r.pick(WORDS)}_${i} WHERE loaded_at > %s", inputs.get("since"))`);
    out.push('    for row in rows:');
    out.push(`        LOG.info("row %s of step ${i}", row["id"])`);
    out.push('    return len(rows)');
  }
  return { name: `${app.replace(/-/g, '_')}_flows.py`, text: out };
}

// ---------------------------------------------------------------------------------------------------
// The repository.

/** Shares of the files (the rest are credential files) and their sizes: about 10 KB a file on average. */
const MIX: { format: CorpusFormat; share: number; size: [number, number] }[] = [
  { format: 'connections-json', share: 0.1, size: [37_000, 74_000] },
  { format: 'yaml', share: 0.25, size: [7_500, 15_000] },
  { format: 'env', share: 0.15, size: [1_200, 4_600] },
  { format: 'python', share: 0.2, size: [4_600, 8_000] },
];

/** Generates the repository in memory: `files` paths (relative, `/`) to text, and the labels. */
export function generateCorpus(options: CorpusOptions): Corpus {
  const r = new Random(options.seed);
  const v = new Values(r);
  const files = new Map<string, string>();
  const labels: CorpusLabels = {
    seed: options.seed,
    files: 0,
    bytes: 0,
    formats: { 'credential-json': 0, 'connections-json': 0, yaml: 0, env: 0, python: 0 },
    secrets: [],
    references: [],
    decoys: [],
  };
  const teams = Math.max(1, Math.round(options.files / 250));
  for (let n = 0; n < options.files; n++) {
    let roll = r.next();
    let format: CorpusFormat = 'credential-json';
    let size: [number, number] = [0, 0];
    for (const m of MIX) {
      if (roll < m.share) {
        format = m.format;
        size = m.size;
        break;
      }
      roll -= m.share;
    }
    const team = `team-${String(n % teams).padStart(2, '0')}`;
    const app = `${r.pick(WORDS)}-${n}`;
    const target = r.int(size[0], size[1]);
    const made =
      format === 'connections-json'
        ? connectionsFile(v, r, app, target)
        : format === 'yaml'
          ? yamlFile(v, r, app, target)
          : format === 'env'
            ? envFile(v, r, app, target)
            : format === 'python'
              ? pythonFile(v, r, app, target)
              : credentialFile(v, r, app);
    const folder = { 'credential-json': 'credentials', 'connections-json': 'connections', yaml: 'connectors', env: 'env', python: 'flows' }[
      format
    ];
    const file = `${team}/${folder}/${made.name}`;
    const text = `${made.text.lines.join('\n')}\n`;
    files.set(file, text);
    labels.files++;
    labels.bytes += Buffer.byteLength(text);
    labels.formats[format]++;
    for (const { line, field, mark } of made.text.marks) labels[mark.list].push({ file, line, field, kind: mark.kind, format });
  }
  return { files, labels };
}

/** Writes the repository to `dir/repo` and its labels to `dir/labels.json` (outside the scanned tree). */
export function writeCorpus(dir: string, options: CorpusOptions): { repo: string; labelFile: string; labels: CorpusLabels } {
  const { files, labels } = generateCorpus(options);
  const repo = path.join(dir, 'repo');
  const made = new Set<string>();
  for (const [file, text] of files) {
    const folder = path.dirname(path.join(repo, file));
    if (!made.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    fs.writeFileSync(path.join(repo, file), text);
  }
  const labelFile = path.join(dir, 'labels.json');
  fs.writeFileSync(labelFile, JSON.stringify(labels));
  return { repo, labelFile, labels };
}

// ---------------------------------------------------------------------------------------------------
// Scoring.

export interface Finding {
  file: string;
  line: number;
}

export interface Score {
  /** Distinct flagged lines. */
  flagged: number;
  truePositives: number;
  falsePositives: number;
  /** Of the false positives: on a reference, on a decoy, elsewhere. */
  onReferences: number;
  onDecoys: number;
  elsewhere: number;
  missed: number;
  precision: number;
  recall: number;
}

const lineKey = (f: Finding) => `${f.file}\u0000${f.line}`;

/** A scanner's findings against the labels: each distinct flagged line once. */
export function scoreFindings(labels: Pick<CorpusLabels, 'secrets' | 'references' | 'decoys'>, findings: readonly Finding[]): Score {
  const flagged = new Set(findings.map(lineKey));
  const secrets = new Set(labels.secrets.map(lineKey));
  const references = new Set(labels.references.map(lineKey));
  const decoys = new Set(labels.decoys.map(lineKey));
  let truePositives = 0;
  let onReferences = 0;
  let onDecoys = 0;
  let elsewhere = 0;
  for (const key of flagged) {
    if (secrets.has(key)) truePositives++;
    else if (references.has(key)) onReferences++;
    else if (decoys.has(key)) onDecoys++;
    else elsewhere++;
  }
  const falsePositives = onReferences + onDecoys + elsewhere;
  return {
    flagged: flagged.size,
    truePositives,
    falsePositives,
    onReferences,
    onDecoys,
    elsewhere,
    missed: secrets.size - truePositives,
    precision: flagged.size === 0 ? 1 : truePositives / flagged.size,
    recall: secrets.size === 0 ? 1 : truePositives / secrets.size,
  };
}
