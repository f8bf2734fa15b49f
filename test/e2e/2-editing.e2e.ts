// Credential schemas as a person meets them: the suggestion widget while typing, and the Problems panel.
import * as assert from 'node:assert/strict';
import { e2e } from './context';
import { until } from './workbench';

suite('Credential files in the editor', () => {
  test('completion lists the schema fields and inserts a value of the right type', async () => {
    const { workbench } = e2e();
    const { page } = workbench;
    // A mysql connection being written: host and username so far.
    const file = 'events.mysql.json';
    await workbench.openFile(file);
    await workbench.waitForCredentialSchema('mysql');
    await workbench.goTo(workbench.lineOf(file, '"host"'), 200);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Space');
    const widget = workbench.suggestWidget;
    await widget.waitFor({ state: 'visible' });
    const rows = widget.locator('.monaco-list-row');
    for (const field of ['password', 'port', 'database']) await rows.filter({ hasText: field }).first().waitFor({ state: 'visible' });
    const labels = await rows.allInnerTexts();
    assert.ok(!labels.some((label) => /^\W*(host|username)\b/.test(label)), 'fields already present are not suggested again');

    await page.keyboard.type('port');
    await widget.locator('.monaco-list-row.focused').filter({ hasText: 'port' }).waitFor();
    // Ctrl+Space again shows the focused field's details (type and description) beside the list.
    await page.keyboard.press('Control+Space');
    await page
      .locator('.suggest-details-container .suggest-details')
      .filter({ hasText: /integer/i })
      .first()
      .waitFor({ state: 'visible' });
    await workbench.screenshot('completion');
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    await workbench.pressEscapes(1);
    const saved = await workbench.save(file, (text) => text.includes('"port"'));
    const inserted = saved.split('\n').find((line) => line.includes('"port"')) ?? '';
    // mysql's port is an integer: the snippet must not insert a quoted string.
    assert.match(inserted, /"port":\s*-?\d+\s*,?\s*$/, `the inserted value is an integer: ${inserted.trim()}`);
  });

  test('a value of the wrong type shows in the Problems panel', async () => {
    const { workbench } = e2e();
    const { page } = workbench;
    const file = 'warehouse.redshift.json';
    await workbench.openFile(file);
    // redshift's port is a string ("5439"); an integer is a wrong-type error.
    const line = workbench.lineOf(file, '"port"');
    const text = workbench.readFile(file).split('\n')[line - 1];
    await workbench.goTo(line, text.indexOf('"5439"') + 1);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('5439,');
    const panel = await workbench.openProblems();
    const row = panel
      .locator('.monaco-list-row')
      .filter({ hasText: /port/i })
      .filter({ hasText: /string/i })
      .first();
    await row.waitFor({ state: 'visible' });
    await until('the editor to underline the value', async () =>
      (await workbench.activeEditor.locator('.squiggly-error').count()) > 0 ? true : undefined,
    );
    await workbench.screenshot('problems');
  });
});
