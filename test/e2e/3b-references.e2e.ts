// Find All References from a hover, in the browser workbench: the hover of a reference says how many
// places use its secret; Find All References then lists every workspace file that references it in the
// References view. Screenshots: find-references-hover.png, find-references-view.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { e2e } from './context';
import { hoverTexts, hoverUntil, until } from './workbench';

const REFERENCE = 'demo-vault:apps/db.prod.password';

/** The demo's files (not its Markdown) whose text holds the reference: what the References view must list. */
function filesReferencing(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesReferencing(root, rel));
    else if (!entry.name.endsWith('.md') && fs.readFileSync(path.join(root, rel), 'utf8').includes(REFERENCE)) out.push(rel);
  }
  return out.sort();
}

suite('Find All References from a hover', () => {
  test('the hover counts the places; Find All References lists every file in the References view', async () => {
    const { workbench } = e2e();
    const expected = filesReferencing(workbench.workspace);
    assert.ok(expected.length >= 2, 'the demo references the secret from two files or more');
    await workbench.openFile('marketing.bigquery.json');
    // Click into the reference (the cursor is where Find All References looks), then hover it.
    await workbench.hoverText('apps/db.prod', 'db.prod', true);
    await hoverUntil(workbench, ['apps/db.prod', 'db.prod'], 'the hover to count the places that use the secret', (t) =>
      /Used in \d+ places \(\d+ files\) in the workspace/.test(t),
    );
    const hover = await hoverTexts(workbench);
    const files = Number(/\((\d+) files\)/.exec(hover)?.[1]);
    assert.equal(files, expected.length, `the hover counts the ${expected.length} files that reference the secret`);
    await workbench.screenshot('find-references-hover');

    await workbench.runCommand('References: Find All References');
    // The References view replaces the Explorer in the side bar; the Explorer's rows stay in the page,
    // hidden, so only visible rows under the view's own title count.
    await workbench.page.locator('.sidebar .composite.title').filter({ hasText: 'References' }).first().waitFor({ state: 'visible' });
    const rows = workbench.page.locator('.sidebar .monaco-list-row:visible');
    for (const file of expected) {
      const name = path.posix.basename(file);
      await until(`${name} in the References view`, async () => ((await rows.filter({ hasText: name }).count()) > 0 ? true : undefined));
    }
    assert.equal(
      await workbench.page.locator('.sidebar .monaco-list-row:visible').filter({ hasText: 'analytics.postgres.json' }).count(),
      0,
    );
    assert.equal((await hoverTexts(workbench)).includes(REFERENCE), false, 'the hover closed');
    await workbench.screenshot('find-references-view');
  });
});
