// Issue 16, AWS IAM auth to Vault in the editor, against the run's real servers: Vault's aws auth method
// (the vault-aws plugin under OpenBao, STS and IAM at moto; test/support/awsIamAuth.ts). A user store
// with `auth: "aws-iam"` and an AWS profile (a temporary AWS config file holding the key of the run's IAM
// user) is signed out; Sign In (the real command, nothing asked) signs GetCallerIdentity with the
// profile; the reference then resolves and its hover shows the value masked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { seedData, testEnvironment } from '../support/testEnv';
import { hoverText, signedOutIs } from './editorQueries';

const STORE = 'it-aws-iam';
const PROFILE = 'it-aws-iam';
const AWS_FILES = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

suite('Vault AWS IAM sign-in in the editor (issue 16)', function () {
  this.timeout(120_000);
  const saved = Object.fromEntries(AWS_FILES.map((name) => [name, process.env[name]]));
  const settings = () => vscode.workspace.getConfiguration('secretref');
  const others = () => (settings().inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => c.name !== STORE);
  const files: string[] = [];

  suiteSetup(async () => {
    const env = testEnvironment();
    const credentials = path.join(env.runDir, `it-aws-iam-credentials-${process.pid}`);
    const config = path.join(env.runDir, `it-aws-iam-config-${process.pid}`);
    files.push(credentials, config);
    fs.writeFileSync(
      credentials,
      `[${PROFILE}]\naws_access_key_id = ${env.awsIam.user.accessKeyId}\naws_secret_access_key = ${env.awsIam.user.secretAccessKey}\n`,
    );
    fs.writeFileSync(config, `[profile ${PROFILE}]\nregion = ${env.aws.region}\n`);
    for (const name of AWS_FILES) delete process.env[name];
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
    process.env.AWS_CONFIG_FILE = config;
    await settings().update(
      'stores',
      [
        ...others(),
        {
          kind: 'vault',
          name: STORE,
          url: env.vault.address,
          auth: 'aws-iam',
          awsIam: { role: env.awsIam.role, profile: PROFILE, serverId: env.awsIam.serverId, stsEndpoint: env.aws.endpoint },
        },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await vscode.extensions.getExtension('secretref.secretref')?.activate();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('secretref.signOutOfStore', STORE);
    await settings().update('stores', others().length ? others() : undefined, vscode.ConfigurationTarget.Global);
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    for (const file of files) fs.rmSync(file, { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('signed out until Sign In signs with the AWS profile; then the hover resolves, masked', async () => {
    const text = `password: vault.secret(${STORE}:oracle.password)\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(document);
    await signedOutIs(document, true);
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', STORE), true);
    await signedOutIs(document, false);
    const hover = await hoverText(document, text.indexOf('oracle'));
    assert.match(hover, /Value:/);
    assert.ok(!hover.includes(seedData().vault.kv2.oracle.password), 'the hover masks the value');
    assert.ok(!hover.includes(testEnvironment().awsIam.user.secretAccessKey));
  });
});
