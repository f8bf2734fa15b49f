// "Sign in with IAM Identity Center": runs the AWS CLI's login for a store's profile
// (`aws sso login --profile <p>`, or `aws login` for a console session) in a terminal, and reads the
// store again when it ends. Without the AWS CLI on PATH it says what to install and run.
import * as vscode from 'vscode';
import { awsClientSettings, awsLoginCommand } from '../../core/stores/aws/awsProfileConfig';
import { findExecutable } from '../../core/findExecutable';
import type { Services } from '../../services';

/** Starts the login of the store's AWS profile; true when a terminal runs it. */
export async function awsLogin(services: Services, storeName: unknown): Promise<boolean> {
  const config = typeof storeName === 'string' ? services.stores.config(storeName) : undefined;
  if (!config || config.kind !== 'aws') return false;
  let command: string | undefined;
  try {
    command = awsLoginCommand(await awsClientSettings(config));
  } catch (error) {
    void vscode.window.showErrorMessage(`Store "${config.name}": ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  if (!command) {
    void vscode.window.showInformationMessage(
      `Store "${config.name}": its AWS profile does not sign in through IAM Identity Center or "aws login"; run "Secret References: Sign In to Store" instead.`,
    );
    return false;
  }
  if (!(await findExecutable('aws'))) {
    const choice = await vscode.window.showWarningMessage(
      `Store "${config.name}": the AWS CLI is not on PATH. Install it (https://aws.amazon.com/cli/), run "${command}" in a terminal, then refresh the store.`,
      'Copy Command',
    );
    if (choice === 'Copy Command') await vscode.env.clipboard.writeText(command);
    return false;
  }
  const terminal = vscode.window.createTerminal({ name: `AWS sign-in: ${config.name}` });
  const reread = () => {
    services.stores.reload(config.name);
    services.log.info(`Store "${config.name}": "${command}" ended; reading the store again.`);
  };
  // The next read retries the credentials anyway; these make the Stores view follow at once.
  const ended = vscode.window.onDidEndTerminalShellExecution((event) => {
    if (event.terminal === terminal && event.execution.commandLine.value.startsWith('aws ')) reread();
  });
  const closed = vscode.window.onDidCloseTerminal((closedTerminal) => {
    if (closedTerminal !== terminal) return;
    ended.dispose();
    closed.dispose();
    reread();
  });
  terminal.show();
  terminal.sendText(command);
  services.log.info(`Store "${config.name}": running "${command}" in a terminal.`);
  return true;
}
