// Secret Stores view nodes: one per store config, rendered with its live status. The first argument
// menus pass to the stores feature's commands is this node; `name` identifies the config.
import * as vscode from 'vscode';
import type { ResolvedStoreConfig, StoreKind } from '../../../core/stores/types';
import type { DisplayStatus, StoreStatusInfo } from '../model/storeStatus';
import { formatTimestamp } from '../../../core/timestamp';
import { authMount, VAULT_AUTH_METHODS } from '../../../core/stores/vault/vaultAuthMethods';

export interface StoreConfigNode {
  readonly type: 'storeConfig';
  readonly name: string;
  readonly storeKind: StoreKind;
}

const STATUS_LABEL: Record<DisplayStatus, string> = {
  connected: 'connected',
  expiring: 'token expiring',
  'signed-out': 'signed out',
  expired: 'token expired',
  unreachable: 'unreachable',
  error: 'error',
  disabled: 'disabled',
  untrusted: 'untrusted workspace',
  unchecked: 'not checked',
};

const STATUS_ICON: Record<DisplayStatus, [string, string?]> = {
  connected: ['pass', 'testing.iconPassed'],
  expiring: ['warning', 'list.warningForeground'],
  'signed-out': ['account'],
  expired: ['warning', 'list.warningForeground'],
  unreachable: ['debug-disconnect', 'errorForeground'],
  error: ['error', 'errorForeground'],
  disabled: ['circle-slash', 'disabledForeground'],
  untrusted: ['workspace-untrusted'],
  unchecked: ['circle-outline'],
};

export function describeAuth(config: ResolvedStoreConfig): string {
  if (config.kind === 'vault') {
    if (config.auth === 'approle-wrapped') return `AppRole (wrapped secret-id for ${config.runnerRoleName ?? 'runner'})`;
    const spec = VAULT_AUTH_METHODS[config.auth];
    if (spec.asks === 'password') return `${spec.label}: ${config.username ?? '?'} at auth/${authMount(config)}`;
    if (config.auth === 'oidc' && config.oidc?.callbackMode === 'device') return 'OIDC (device)';
    if (spec.asks === 'aws') {
      const iam = config.awsIam ?? {};
      return `${spec.label}: ${iam.role ? `role ${iam.role}` : 'default role'} at auth/${authMount(config)}, ${iam.profile ? `profile ${iam.profile}` : 'default chain'}`;
    }
    return spec.method === 'token' ? 'token' : spec.label;
  }
  const base =
    config.auth === 'profile' ? `profile ${config.profile ?? 'default'}` : config.auth === 'accessKey' ? 'access key' : 'default chain';
  return config.roleArn ? `${base} → assume ${config.roleArn}` : base;
}

export function storeConfigItem(config: ResolvedStoreConfig, info: StoreStatusInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(config.name, vscode.TreeItemCollapsibleState.None);
  const where = config.kind === 'vault' ? config.url : config.endpoint ? `${config.region} · ${config.endpoint}` : config.region;
  const kind = config.kind === 'vault' ? 'Vault' : 'AWS';
  item.description = `${kind} · ${where} · ${STATUS_LABEL[info.status]}`;
  const lines = [
    `${config.name} (${config.kind === 'vault' ? 'Vault / OpenBao' : 'AWS Secrets Manager'}, from ${config.source} settings)`,
    config.kind === 'vault' ? `URL: ${config.url}` : `Region: ${config.region}`,
  ];
  if (config.kind === 'vault') {
    lines.push(`Engine path: ${config.enginePath ?? 'secret'}`);
    if (config.namespace) lines.push(`Namespace: ${config.namespace}`);
    if (config.caPath) lines.push(`CA certificate: ${config.caPath}`);
    lines.push(`Auto-renew: ${config.autoRenew === false ? 'off' : 'on'}`);
  } else if (config.endpoint) {
    lines.push(`Endpoint: ${config.endpoint}`);
  }
  lines.push(`Auth: ${describeAuth(config)}`);
  lines.push(`Status: ${STATUS_LABEL[info.status]}. ${info.detail}`);
  if (info.connection) {
    lines.push(info.connection.summary);
    if (info.connection.identity) lines.push(`Identity: ${info.connection.identity}`);
    if (info.connection.expiresAt) lines.push(`Token expires: ${formatTimestamp(info.connection.expiresAt)}`);
  }
  if (info.checkedAt) lines.push(`Checked: ${formatTimestamp(info.checkedAt)}`);
  item.tooltip = lines.join('\n');
  const [icon, color] = STATUS_ICON[info.status];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  const enabled = config.enabled === false ? 'disabled' : 'enabled';
  const signedIn =
    info.status === 'connected' ||
    info.status === 'expiring' ||
    info.status === 'unreachable' ||
    info.status === 'error' ||
    info.status === 'unchecked';
  // Space-separated flags; package.json menus match them with `viewItem =~ /\bflag\b/`.
  item.contextValue = `storeConfig ${config.kind} ${enabled} ${signedIn ? 'signedIn' : 'signedOut'} status-${info.status} source-${config.source}`;
  item.id = `storeConfig:${config.name}`;
  return item;
}
