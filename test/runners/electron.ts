// Runs the same integration suite with @vscode/test-electron on a desktop (downloads VS Code: needs
// the network and a display). CI uses the VS Code server instead (codeServer.ts).
import { runTests } from '@vscode/test-electron';
import type { CodeServerRunOptions } from './codeServer';

export async function runTestsInElectron(options: CodeServerRunOptions): Promise<number> {
  try {
    return await runTests({
      extensionDevelopmentPath: options.extensionPath,
      extensionTestsPath: options.testsPath,
      launchArgs: [options.workspacePath, '--disable-extensions', `--user-data-dir=${options.runDir}/user-data`],
      extensionTestsEnv: options.env as Record<string, string>,
    });
  } catch (error) {
    console.error(`[electron] ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
