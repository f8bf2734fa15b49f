// Commands that write to a store refuse up front in an untrusted workspace (Restricted Mode), in
// words, before any prompt: no store is contacted there (the StoreManager's gate), and the user should
// not type a value that cannot be written.
import * as vscode from 'vscode';

export function untrustedRefusal(action: string): string {
  return `${action}: this workspace is not trusted (Restricted Mode), so nothing is written to a secret store. Trust the workspace ("Workspaces: Manage Workspace Trust") to write secrets.`;
}

/** Wraps a command handler that writes: in an untrusted workspace it says why and returns `refused`. */
export function whenTrusted(action: string, handler: (...args: unknown[]) => unknown, refused?: boolean): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    if (vscode.workspace.isTrusted) return handler(...args);
    void vscode.window.showWarningMessage(untrustedRefusal(action));
    return Promise.resolve(refused);
  };
}
