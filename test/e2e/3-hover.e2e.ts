// Hovering a reference with the mouse: the value is masked; "Reveal" shows it for a few seconds; once
// the hover has closed and the time is up, hovering again shows it masked. No value is ever printed:
// assertion messages name what was expected, never the text that was seen.
import * as assert from 'node:assert/strict';
import { e2e } from './context';
import { hoverTexts, hoverUntil, MASK, until } from './workbench';

async function checkReveal(file: string, token: [string, string], storeName: string, value: string, shotPrefix: string): Promise<void> {
  const { workbench } = e2e();
  await workbench.openFile(file);
  // Click into the reference first: "Reveal" re-opens the hover at the cursor.
  await workbench.hoverText(token[0], token[1], true);
  await workbench.mouseAway();
  await hoverUntil(
    workbench,
    token,
    `the hover to name ${storeName} and show a masked value`,
    (t) => t.includes(storeName) && MASK.test(t),
  );
  assert.equal((await hoverTexts(workbench)).includes(value), false, 'the hover does not show the value before "Reveal"');
  await workbench.screenshot(`${shotPrefix}-masked`);

  await workbench.hover
    .locator('a')
    .filter({ hasText: /reveal/i })
    .first()
    .click();
  await until('the revealed value in the hover', async () => ((await hoverTexts(workbench)).includes(value) ? true : undefined), 15_000);
  await workbench.screenshot(`${shotPrefix}-revealed`);

  await workbench.mouseAway();
  await until('the hover to close', async () => ((await hoverTexts(workbench)).includes(value) ? undefined : true));
  await hoverUntil(workbench, token, 'the hover to mask the value again', (t) => MASK.test(t) && !t.includes(value), 60_000);
  assert.equal((await hoverTexts(workbench)).includes(value), false, 'the value is masked again');
}

suite('Reference hovers', () => {
  test('vault.secret(...) hover: masked, revealed, masked again', async () => {
    const { seed } = e2e();
    await checkReveal(
      'prod.snowflake.json',
      ['snowflake.password', 'snowflake'],
      'demo-vault',
      seed.vault.kv2['demo/snowflake'].password,
      'hover-vault',
    );
  });

  test('{{resolve:secretsmanager:...}} hover: masked, revealed, masked again', async () => {
    const { seed } = e2e();
    await checkReveal(
      'warehouse.redshift.json',
      ['postgresSecrets', 'postgresSecrets'],
      'postgresSecrets',
      seed.aws.json.postgresSecrets.password,
      'hover-aws',
    );
  });
});
