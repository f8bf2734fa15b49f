// The fields of a store config for multi-step input: which apply to which kind/auth method, their
// choices and validation, and the step counter (Add Store and Edit Store ask them; VS Code-free).
// The Vault sign-in methods come from their table (vault/vaultAuthMethods.ts). A key with a dot
// (`oidc.port`) is a field of a nested object of the config (`"oidc": { "port": 8250 }`).
import { DEFAULT_AWS_IAM_REGION } from './vault/awsIamLogin';
import { DEFAULT_OIDC_MOUNT, DEFAULT_OIDC_PORT } from './vault/oidcLogin';
import { VAULT_AUTH_METHODS } from './vault/vaultAuthMethods';

export type Draft = Record<string, unknown>;

export interface FieldSpec {
  /** The config's key; `a.b` is key `b` of the object at `a`. */
  key: string;
  label: string;
  prompt: string;
  required?: boolean;
  applies: (draft: Draft) => boolean;
  options?: { label: string; value: unknown; description?: string }[];
  placeholder?: string;
  validate?: (value: string) => string | undefined;
  /** Turns the typed text into the config's value (a port number); default: the text. */
  parse?: (value: string) => unknown;
}

/** The draft's value of a field (`oidc.port` reads draft.oidc.port). */
export function fieldValue(draft: Draft, key: string): unknown {
  const [head, ...rest] = key.split('.');
  const value = draft[head];
  if (rest.length === 0) return value;
  return value && typeof value === 'object' && !Array.isArray(value) ? fieldValue(value as Draft, rest.join('.')) : undefined;
}

/** Sets a field on the draft, or clears it for '' / undefined (a nested object left empty goes too). */
export function setField(draft: Draft, key: string, value: unknown): void {
  const [head, ...rest] = key.split('.');
  if (rest.length === 0) {
    if (value === '' || value === undefined) delete draft[head];
    else draft[head] = value;
    return;
  }
  const current = draft[head];
  const inner: Draft = current && typeof current === 'object' && !Array.isArray(current) ? { ...(current as Draft) } : {};
  setField(inner, rest.join('.'), value);
  if (Object.keys(inner).length === 0) delete draft[head];
  else draft[head] = inner;
}

const isVault = (d: Draft) => d.kind === 'vault';
const isAws = (d: Draft) => d.kind === 'aws';
const isAppRole = (d: Draft) => isVault(d) && (d.auth === 'approle' || d.auth === 'approle-wrapped');
const asksPassword = (d: Draft) =>
  isVault(d) && Object.values(VAULT_AUTH_METHODS).some((m) => m.method === d.auth && m.asks === 'password');
const isOidc = (d: Draft) => isVault(d) && d.auth === 'oidc';
const isOidcClient = (d: Draft) => isOidc(d) && fieldValue(d, 'oidc.callbackMode') !== 'device';
const isAwsIam = (d: Draft) => isVault(d) && d.auth === 'aws-iam';
const port = (v: string) => (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'A port number from 1 to 65535');
const url = (v: string) => (!v || /^https?:\/\/[^\s]+$/i.test(v) ? undefined : 'Enter a URL starting with http:// or https://');

export const STORE_FIELDS: FieldSpec[] = [
  {
    key: 'kind',
    label: 'Kind',
    prompt: 'What kind of secret store?',
    required: true,
    applies: () => true,
    options: [
      { label: 'HashiCorp Vault / OpenBao', value: 'vault', description: 'KV v1 or v2' },
      { label: 'AWS Secrets Manager', value: 'aws' },
    ],
  },
  {
    key: 'name',
    label: 'Name',
    prompt: 'Config name, used in references: vault.secret(<name>:<path>.<key>)',
    required: true,
    applies: () => true,
    validate: (v) => (/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v) ? undefined : 'Letters, digits, "_", "." and "-" only'),
  },
  {
    key: 'url',
    label: 'Vault URL',
    prompt: 'Vault URL',
    placeholder: 'https://vault.example.com:8200',
    required: true,
    applies: isVault,
    validate: url,
  },
  { key: 'enginePath', label: 'Engine path', prompt: 'KV engine path (often "secret" or "kv")', placeholder: 'secret', applies: isVault },
  {
    key: 'auth',
    label: 'Auth method',
    prompt: 'How does this config authenticate?',
    required: true,
    applies: isVault,
    options: Object.values(VAULT_AUTH_METHODS).map((m) => ({ label: m.label, value: m.method, description: m.description })),
  },
  {
    key: 'authPath',
    label: 'Auth mount',
    prompt: 'Mount of the auth method (auth/<path>); empty for the default',
    placeholder: 'userpass or ldap',
    applies: asksPassword,
  },
  {
    key: 'username',
    label: 'Username',
    prompt: 'Username to sign in as (the password is asked at each sign-in and never kept)',
    required: true,
    applies: asksPassword,
  },
  {
    key: 'oidc.mount',
    label: 'OIDC mount',
    prompt: `Mount of the OIDC auth method (auth/<path>); empty for "${DEFAULT_OIDC_MOUNT}"`,
    placeholder: DEFAULT_OIDC_MOUNT,
    applies: isOidc,
  },
  { key: 'oidc.role', label: 'OIDC role', prompt: "OIDC role to sign in with; empty for the mount's default_role", applies: isOidc },
  {
    key: 'oidc.callbackMode',
    label: 'OIDC callback mode',
    prompt: 'How does the sign-in come back from the browser?',
    applies: isOidc,
    options: [
      { label: 'Browser callback', value: 'client', description: `the browser returns to a listener on 127.0.0.1 (a desktop window)` },
      { label: 'Device code', value: 'device', description: 'OpenBao device mode: sign in on any device (remote hosts, containers)' },
    ],
  },
  {
    key: 'oidc.port',
    label: 'OIDC listen port',
    prompt: `Port of the callback listener on 127.0.0.1; empty for ${DEFAULT_OIDC_PORT}`,
    placeholder: String(DEFAULT_OIDC_PORT),
    applies: isOidcClient,
    validate: port,
    parse: Number,
  },
  {
    key: 'oidc.callbackHost',
    label: 'OIDC callback host',
    prompt: 'Host written into the redirect_uri (allowed_redirect_uris of the role); empty for localhost',
    placeholder: 'localhost',
    applies: isOidcClient,
    validate: (v) => (/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(v) ? undefined : 'A host name or address, without scheme or port'),
  },
  {
    key: 'oidc.callbackPort',
    label: 'OIDC callback port',
    prompt: 'Port written into the redirect_uri; empty for the listen port',
    applies: isOidcClient,
    validate: port,
    parse: Number,
  },
  {
    key: 'oidc.callbackMethod',
    label: 'OIDC callback scheme',
    prompt: 'Scheme of the redirect_uri',
    applies: isOidcClient,
    options: [
      { label: 'http', value: 'http', description: 'the loopback listener itself' },
      { label: 'https', value: 'https', description: 'behind a TLS proxy that forwards to the listener' },
    ],
  },
  {
    key: 'awsIam.mount',
    label: 'AWS auth mount',
    prompt: `Mount of the AWS auth method (auth/<path>); empty for "${VAULT_AUTH_METHODS['aws-iam'].defaultMount}"`,
    placeholder: VAULT_AUTH_METHODS['aws-iam'].defaultMount,
    applies: isAwsIam,
  },
  {
    key: 'awsIam.role',
    label: 'Vault role',
    prompt: 'Vault role of the AWS auth method; empty for the role named after your IAM principal',
    applies: isAwsIam,
  },
  {
    key: 'awsIam.serverId',
    label: 'Server id',
    prompt: "The server's iam_server_id_header_value (X-Vault-AWS-IAM-Server-ID): the signed request is good for this server only",
    placeholder: 'vault.example.com',
    required: true,
    applies: isAwsIam,
  },
  {
    key: 'awsIam.profile',
    label: 'AWS profile',
    prompt: 'AWS profile that signs the request (from ~/.aws/config or ~/.aws/credentials); empty for the default credential chain',
    applies: isAwsIam,
  },
  {
    key: 'awsIam.region',
    label: 'STS region',
    prompt: `Region the request is signed for; empty for ${DEFAULT_AWS_IAM_REGION} (as "vault login -method=aws")`,
    placeholder: DEFAULT_AWS_IAM_REGION,
    applies: isAwsIam,
    validate: (v) => (/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v) ? undefined : 'e.g. us-east-1'),
  },
  {
    key: 'awsIam.stsEndpoint',
    label: 'STS endpoint',
    prompt: "STS endpoint of the signed request; empty for the profile's, else AWS's for the region (the server's sts_endpoint must match)",
    applies: isAwsIam,
    validate: url,
  },
  { key: 'approlePath', label: 'AppRole path', prompt: 'AppRole auth mount (auth/<path>)', placeholder: 'approle', applies: isAppRole },
  { key: 'roleId', label: 'Role-ID', prompt: 'Role-ID (of the worker, for the worker/runner flow)', required: true, applies: isAppRole },
  {
    key: 'runnerRoleName',
    label: 'Runner role name',
    prompt: 'Role name of the AppRole runner',
    required: true,
    applies: (d) => isVault(d) && d.auth === 'approle-wrapped',
  },
  {
    key: 'runnerRoleId',
    label: 'Runner role-ID',
    prompt: 'Role-ID of the AppRole runner',
    required: true,
    applies: (d) => isVault(d) && d.auth === 'approle-wrapped',
  },
  { key: 'namespace', label: 'Namespace', prompt: 'Vault namespace (optional)', applies: isVault },
  {
    key: 'caPath',
    label: 'CA certificate',
    prompt: 'Path to a PEM CA certificate, only for self-signed servers (optional)',
    applies: () => true,
  },
  {
    key: 'autoRenew',
    label: 'Auto-renew',
    prompt: 'Renew the token before it expires?',
    applies: isVault,
    options: [
      { label: 'Yes', value: true },
      { label: 'No', value: false },
    ],
  },
  {
    key: 'region',
    label: 'Region',
    prompt: 'AWS region',
    placeholder: 'us-east-1',
    required: true,
    applies: isAws,
    validate: (v) => (/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v) ? undefined : 'e.g. us-east-1'),
  },
  {
    key: 'auth',
    label: 'Credentials',
    prompt: 'Which AWS credentials?',
    required: true,
    applies: isAws,
    options: [
      { label: 'Default credential chain', value: 'default', description: 'environment, shared files, SSO, instance role' },
      { label: 'Named profile', value: 'profile', description: 'from ~/.aws/credentials or ~/.aws/config' },
      { label: 'Access key', value: 'accessKey', description: 'kept in VS Code secret storage' },
    ],
  },
  {
    key: 'profile',
    label: 'Profile',
    prompt: 'Profile name in the AWS credentials/config file',
    required: true,
    applies: (d) => isAws(d) && d.auth === 'profile',
  },
  {
    key: 'roleArn',
    label: 'Role ARN',
    prompt: 'Role to assume (optional)',
    placeholder: 'arn:aws:iam::123456789012:role/secrets-reader',
    applies: isAws,
  },
  {
    key: 'externalId',
    label: 'External ID',
    prompt: 'External id for the role (optional)',
    applies: (d) => isAws(d) && Boolean(d.roleArn),
  },
  {
    key: 'endpoint',
    label: 'Endpoint',
    prompt: 'Custom endpoint: VPC endpoint / private DNS / emulator (optional)',
    placeholder: 'https://vpce-0123.secretsmanager.us-east-1.vpce.amazonaws.com',
    applies: isAws,
    validate: url,
  },
  {
    key: 'enabled',
    label: 'Enabled',
    prompt: 'Use this config?',
    applies: () => false,
    options: [
      { label: 'Enabled', value: true },
      { label: 'Disabled', value: false },
    ],
  },
];

/**
 * "Step n of total" before asking `fields[index]`. The total counts the fields that apply once every
 * choice not yet made takes its first option, so it is right from the first step (a Vault config with
 * token auth) and changes only when a choice opens or closes fields, never from 3 to 8.
 */
export function stepCounter(fields: readonly FieldSpec[], draft: Draft, index: number): { step: number; total: number } {
  const assumed: Draft = structuredClone(draft);
  for (const field of fields) {
    if (field.options && field.options.length > 0 && fieldValue(assumed, field.key) === undefined && field.applies(assumed))
      setField(assumed, field.key, field.options[0].value);
  }
  const step = fields.slice(0, index + 1).filter((f) => f.applies(draft)).length;
  const total = fields.filter((f) => f.applies(assumed)).length;
  return { step, total: Math.max(step, total) };
}
