// package.json against the code's one home of ids (src/constants.ts) and settings
// (src/platform/settingKeys.ts): what is contributed is what the code uses, and the other way round.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, CONTEXT_KEYS, INTERNAL_COMMANDS, VIEWS } from '../../src/constants';
import { isUserOnly, SETTINGS, SettingName, settingId } from '../../src/platform/settingKeys';

const ROOT = path.resolve(__dirname, '../../..');

interface Manifest {
  contributes: {
    commands: { command: string; enablement?: string }[];
    configuration:
      | { properties: Record<string, { default?: unknown; scope?: string }> }
      | { properties: Record<string, { default?: unknown; scope?: string }> }[];
    menus: Record<string, { command?: string; when?: string }[]>;
    views: Record<string, { id: string; when?: string }[]>;
    viewsContainers: Record<string, { id: string }[]>;
    viewsWelcome?: { view: string; when?: string }[];
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

/** `COMMANDS.views.deleteVersion` -> 'secretref.views.deleteVersion', for every leaf of COMMANDS. */
function commandLeaves(): Map<string, string> {
  const leaves = new Map<string, string>();
  const walk = (value: unknown, at: string) => {
    if (typeof value === 'string') leaves.set(at, value);
    else for (const [key, child] of Object.entries(value as object)) walk(child, `${at}.${key}`);
  };
  walk(COMMANDS, 'COMMANDS');
  return leaves;
}

describe('manifest: settings', () => {
  const configurations = Array.isArray(manifest.contributes.configuration)
    ? manifest.contributes.configuration
    : [manifest.contributes.configuration];
  const contributed = Object.assign({}, ...configurations.map((c) => c.properties)) as Record<
    string,
    { default?: unknown; scope?: string }
  >;
  const names = Object.keys(SETTINGS) as SettingName[];

  it('the typed keys are the contributed settings, with the same defaults', () => {
    assert.deepEqual(names.map(settingId).sort(), Object.keys(contributed).sort());
    for (const name of names) assert.deepEqual(SETTINGS[name].default, contributed[settingId(name)].default, settingId(name));
  });

  it('a user-only setting is application-scoped in package.json, and the other way round; its default passes its check', () => {
    for (const name of names) {
      assert.equal(isUserOnly(name), contributed[settingId(name)].scope === 'application', settingId(name));
      const key = SETTINGS[name];
      if ('valid' in key) assert.ok(key.valid(key.default), `${settingId(name)}: the default fails its own check`);
    }
  });
});

describe('manifest: command, view and context-key ids', () => {
  const leaves = commandLeaves();
  const ids = [...leaves.values()];
  const contributed = manifest.contributes.commands.map((c) => c.command);

  it('every command id of the code is contributed or deliberately internal, and every contributed one is in the code', () => {
    assert.equal(new Set(ids).size, ids.length, 'a command id is declared twice');
    for (const internal of INTERNAL_COMMANDS) assert.ok(!contributed.includes(internal), `${internal} is internal but contributed`);
    assert.deepEqual([...ids].sort(), [...contributed, ...INTERNAL_COMMANDS].sort());
  });

  it('every declared command is used outside src/constants.ts, and no other file spells a command id', () => {
    const sources = sourceFiles(path.join(ROOT, 'src')).filter((f) => path.relative(ROOT, f) !== path.join('src', 'constants.ts'));
    const text = sources.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    for (const [reference, id] of leaves)
      assert.match(text, new RegExp(`${reference.replace(/\./g, '\\.')}\\b`), `${id} (${reference}) is never used`);
    for (const file of sources) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/(['"`])(secretref\.[A-Za-z][\w.]*)\1/g)) {
        assert.ok(!ids.includes(match[2]), `${path.relative(ROOT, file)} spells the command id ${match[2]}; use COMMANDS`);
      }
    }
  });

  it('the extension code spells no other secretref id either: they are all in src/constants.ts or src/platform/settingKeys.ts', () => {
    const homes = [path.join('src', 'constants.ts'), path.join('src', 'platform', 'settingKeys.ts')];
    const files = [
      ...sourceFiles(path.join(ROOT, 'src', 'features')),
      ...sourceFiles(path.join(ROOT, 'src', 'platform')),
      path.join(ROOT, 'src', 'extension.ts'),
    ];
    for (const file of files.filter((f) => !homes.includes(path.relative(ROOT, f)))) {
      const code = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line));
      for (const line of code) {
        const spelled = /(['"`])secretref[.-][A-Za-z][\w./-]*\1/.exec(line);
        assert.equal(spelled, null, `${path.relative(ROOT, file)} spells ${spelled?.[0]}: declare it in src/constants.ts`);
      }
    }
  });

  it('menus name contributed commands; views and when clauses use the declared view and context-key ids', () => {
    const { menus, views, viewsContainers, viewsWelcome = [] } = manifest.contributes;
    for (const [menu, items] of Object.entries(menus))
      for (const item of items) if (item.command) assert.ok(contributed.includes(item.command), `${menu}: ${item.command}`);
    assert.deepEqual(
      viewsContainers.activitybar.map((c) => c.id),
      [VIEWS.container],
    );
    assert.deepEqual(views[VIEWS.container].map((v) => v.id).sort(), [VIEWS.secrets, VIEWS.stores].sort());
    const clauses = [
      ...Object.values(menus)
        .flat()
        .map((item) => item.when),
      ...Object.values(views)
        .flat()
        .map((v) => v.when),
      ...viewsWelcome.map((w) => w.when),
      ...manifest.contributes.commands.map((c) => c.enablement),
    ].filter((w): w is string => typeof w === 'string');
    const known = new Set<string>([VIEWS.secrets, VIEWS.stores, ...Object.values(CONTEXT_KEYS)]);
    const settingIds = new Set((Object.keys(SETTINGS) as SettingName[]).map(settingId));
    const used = new Set<string>();
    for (const clause of clauses) {
      for (const [, config, key] of clause.matchAll(/(config\.)?\b(secretref\.[\w.]+)/g)) {
        assert.ok(
          config ? settingIds.has(key) : known.has(key),
          `when clause "${clause}" names ${config ?? ''}${key}, which the code does not declare`,
        );
        used.add(key);
      }
    }
    for (const key of Object.values(CONTEXT_KEYS)) assert.ok(used.has(key), `context key ${key} is in no when clause`);
  });
});
