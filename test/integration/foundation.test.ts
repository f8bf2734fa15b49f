// The extension as VS Code sees it: it activates, and its views and commands are registered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { INTERNAL_COMMANDS } from '../../src/constants';

const EXTENSION_ID = 'secretref.secretref';

suite('foundation', () => {
  test('the extension is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('every command in package.json is registered', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    const declared = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  test('every secretref command the extension registers is declared, but for internal ones', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    const declared = new Set((extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command));
    // Commands other code calls with arguments (tree nodes, tests); never shown to users by name.
    // Test-only ones are INTERNAL_COMMANDS (the one list, which the manifest unit test checks too).
    const internal = /^secretref\.(views\.(refreshNode|loadMore|checkStore)|secretFs\.open)$|^secretref\.(secrets|stores)\./;
    const undeclared = (await vscode.commands.getCommands(true)).filter(
      (id) => id.startsWith('secretref.') && !declared.has(id) && !internal.test(id) && !INTERNAL_COMMANDS.includes(id),
    );
    assert.deepEqual(undeclared, [], `registered but not declared in package.json: ${undeclared.join(', ')}`);
  });

  test('the Secrets and Secret Stores views open', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.secretref');
    await vscode.commands.executeCommand('secretref.secrets.focus');
    await vscode.commands.executeCommand('secretref.stores.focus');
  });

  test('activation is declared for the languages and views it serves, never "*"', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const events = extension.packageJSON.activationEvents as string[];
    assert.ok(!events.includes('*'));
    assert.ok(events.includes('onView:secretref.secrets'));
    assert.ok(events.includes('onLanguage:json'));
  });
});
