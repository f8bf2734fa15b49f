// What the repository's store configs were not allowed to do, said once and in words: a config that
// reuses the name of one of the user's (the user's wins), and a config that chooses the role, external
// id or profile the user's identity is used with, or a Vault config that signs in with OIDC (used only
// after the user approves exactly that config, remembered per workspace; "Revoke Workspace Store
// Approvals" forgets them).
import * as vscode from 'vscode';
import { describeStoreTarget } from '../../core/stores';
import { DEFAULT_OIDC_MOUNT, DEFAULT_OIDC_PORT } from '../../core/stores/vault/oidcLogin';
import type { MergedStoreConfigs, PendingApproval, ShadowedConfig, VaultStoreConfig } from '../../core/stores';
import { authMount } from '../../core/stores/vault/vaultAuthMethods';
import { COMMANDS } from '../../constants';
import type { Logger } from '../../platform/logger';
import { commandOptions } from '../../platform/testHooks';
import type { WorkspaceApprovals } from '../../platform/workspaceApprovals';

export interface WorkspaceConfigReview {
  shadowed(): readonly ShadowedConfig[];
  pending(): readonly PendingApproval[];
  /** Takes the latest merge and tells the user about what is new in it. */
  update(merged: MergedStoreConfigs): void;
  approve(nameArg: unknown, options?: unknown): Promise<boolean>;
  revoke(): Promise<number>;
  readonly onDidChange: vscode.Event<void>;
}

/** Whose AWS identity an `auth: "aws-iam"` config signs with. */
function awsIamIdentity(config: VaultStoreConfig): string {
  return config.awsIam?.profile ? `the AWS profile "${config.awsIam.profile}"` : 'your default AWS credentials';
}

export function shadowedMessage(s: ShadowedConfig): string {
  return `Store "${s.name}": ${s.source === 'workspace' ? "this workspace's" : "a workspace folder's"} settings define a store with the name of one of yours. Yours (user settings) is used; the repository's is ignored.`;
}

export function pendingMessage(p: PendingApproval): string {
  const chooses =
    p.config.kind === 'vault'
      ? p.config.auth === 'aws-iam'
        ? `signs in at ${p.config.url} with a request signed by your AWS identity (${awsIamIdentity(p.config)})`
        : `signs in with OIDC at ${p.config.url} (your browser and a listener on this machine)`
      : `chooses ${p.fields.join(', ')} for your AWS identity`;
  return `Store "${p.config.name}" from this workspace's settings ${chooses}; it is not used until you approve it (Secret References: Approve Workspace Store Config).`;
}

export function createWorkspaceConfigReview(
  approvals: WorkspaceApprovals,
  log: Logger,
  reload: () => void,
): WorkspaceConfigReview & vscode.Disposable {
  let shadowed: readonly ShadowedConfig[] = [];
  let pending: readonly PendingApproval[] = [];
  const told = new Set<string>();
  const emitter = new vscode.EventEmitter<void>();
  /** Once per key and window: the log and a notice (with "Review…" for a config to approve). */
  const tell = (key: string, message: string, approveName?: string) => {
    if (told.has(key)) return;
    told.add(key);
    log.warn(message);
    const review = 'Review…';
    void vscode.window.showWarningMessage(message, ...(approveName ? [review] : [])).then((choice) => {
      if (choice === review) void vscode.commands.executeCommand(COMMANDS.stores.approveWorkspaceStoreConfig, approveName);
    });
  };
  return {
    shadowed: () => shadowed,
    pending: () => pending,
    onDidChange: emitter.event,
    update(merged) {
      shadowed = merged.shadowed;
      pending = merged.pending;
      for (const s of shadowed) tell(`shadowed:${s.name}\u0000${s.source}`, shadowedMessage(s));
      for (const p of pending) tell(`pending:${p.config.name}\u0000${p.fingerprint}`, pendingMessage(p), p.config.name);
      emitter.fire();
    },
    async approve(nameArg, optionsArg) {
      const options = commandOptions((optionsArg && typeof optionsArg === 'object' ? optionsArg : {}) as { confirmed?: boolean });
      const name = typeof nameArg === 'string' ? nameArg : (nameArg as { name?: unknown } | undefined)?.name;
      let entry = pending.find((p) => p.config.name === name);
      if (!entry && name === undefined && pending.length > 0) {
        const picked = await vscode.window.showQuickPick(
          pending.map((p) => ({ label: p.config.name, description: p.fields.join(', '), entry: p })),
          { title: 'Approve Workspace Store Config', placeHolder: 'Workspace configs waiting for your approval' },
        );
        entry = picked?.entry;
      }
      if (!entry) {
        if (typeof name === 'string')
          void vscode.window.showInformationMessage(`No workspace store config named "${name}" is waiting for approval.`);
        else if (pending.length === 0) void vscode.window.showInformationMessage('No workspace store config is waiting for approval.');
        return false;
      }
      const c = entry.config;
      const details = [
        describeStoreTarget(c) + '.',
        ...(c.kind === 'aws'
          ? [
              c.roleArn && `Role: ${c.roleArn}`,
              c.externalId && `External id: ${c.externalId}`,
              c.profile && `Profile: ${c.profile}`,
              c.endpoint && `Endpoint: ${c.endpoint}`,
              c.stsEndpoint && `STS endpoint: ${c.stsEndpoint}`,
            ]
          : c.auth === 'aws-iam'
            ? [
                `Sign In signs an sts:GetCallerIdentity request with ${awsIamIdentity(c)} and hands it to this server (auth/${authMount(c)}${c.awsIam?.role ? `, role ${c.awsIam.role}` : ''}).`,
                `It is a short-lived login to any Vault that trusts your AWS identity; only the server id "${c.awsIam?.serverId ?? '?'}" it carries stops another Vault from using it.`,
              ]
            : [
                `Sign In opens the OIDC sign-in of this server (auth/${c.oidc?.mount ?? DEFAULT_OIDC_MOUNT}) in your browser` +
                  (c.oidc?.callbackMode === 'device'
                    ? '.'
                    : ` and listens on 127.0.0.1:${c.oidc?.port ?? DEFAULT_OIDC_PORT} for its answer.`),
              ]),
        c.kind === 'aws'
          ? 'Your AWS identity will be used to assume this role, and secrets you write through this store go to that account. Approve only if you know this repository and its account. Any change to the config needs a new approval.'
          : 'The token you get by signing in goes to this server, and secrets you write through this store go there. Approve only if you know this repository and its server. Any change to the config needs a new approval.',
      ].filter(Boolean);
      if (options.confirmed !== true) {
        const button = 'Approve for This Workspace';
        const answer = await vscode.window.showWarningMessage(
          `Use store "${c.name}" from this workspace's settings?`,
          { modal: true, detail: details.join('\n') },
          button,
        );
        if (answer !== button) return false;
      }
      await approvals.add(entry.fingerprint);
      log.info(`Approved workspace store config "${c.name}" (${entry.fields.join(', ')}) for this workspace.`);
      reload();
      return true;
    },
    async revoke() {
      const count = await approvals.clear();
      told.clear();
      reload();
      void vscode.window.showInformationMessage(
        count
          ? `Revoked ${count} approval(s) of workspace store configs in this workspace.`
          : 'No workspace store config was approved in this workspace.',
      );
      return count;
    },
    dispose: () => emitter.dispose(),
  };
}
