// The Vault / OpenBao sign-in methods in one table: what each asks at Sign In, what secret storage
// keeps, its auth mount, whether Sign Out revokes the token, and how to sign in again, in editor and
// terminal words. The config parser, Add/Edit Store's fields, Sign In, the session and the CLI read
// it. A new method (the browser's OIDC login, core/stores/vault/oidcLogin.ts) is one more row here
// plus its login call in the session.
import { ownValue } from '../../ownKeys';
import type { Phrase } from '../storeError';
import type { VaultAuthMethod } from '../types';

export interface VaultAuthMethodSpec {
  method: VaultAuthMethod;
  /** Add Store's choice. */
  label: string;
  description: string;
  /**
   * What the user gives at Sign In: a token or secret-id (kept), a password (exchanged for a token at
   * `auth/<mount>/login/<username>`, never kept), a browser login (a token, kept), or nothing: an AWS
   * IAM login signed with the user's AWS credentials (a token, kept; core/stores/vault/awsIamLogin.ts).
   */
  asks: 'token' | 'secretId' | 'password' | 'browser' | 'aws';
  /** What secret storage keeps for the config. */
  keeps: 'token' | 'secretId';
  /** The auth mount when the config names none (auth/<mount>); undefined: no mount (a plain token). */
  defaultMount?: string;
  /** The token came from a login made by secretref: Sign Out revokes it (auth/token/revoke-self). A
   *  pasted token or the CLI's session belongs to someone else as well and is only forgotten. */
  revokesOnSignOut: boolean;
}

export const VAULT_AUTH_METHODS: Readonly<Record<VaultAuthMethod, VaultAuthMethodSpec>> = {
  token: {
    method: 'token',
    label: 'Token',
    description: 'a token you paste, or the session of "vault login" / "bao login"',
    asks: 'token',
    keeps: 'token',
    revokesOnSignOut: false,
  },
  userpass: {
    method: 'userpass',
    label: 'Username & password',
    description: 'userpass auth; the password is asked at each sign-in, only the token is kept',
    asks: 'password',
    keeps: 'token',
    defaultMount: 'userpass',
    revokesOnSignOut: true,
  },
  ldap: {
    method: 'ldap',
    label: 'LDAP',
    description: 'your directory username & password; the password is asked at each sign-in, only the token is kept',
    asks: 'password',
    keeps: 'token',
    defaultMount: 'ldap',
    revokesOnSignOut: true,
  },
  oidc: {
    method: 'oidc',
    label: 'OIDC',
    description: "your identity provider in the browser (or OpenBao's device mode); only the token is kept",
    asks: 'browser',
    keeps: 'token',
    defaultMount: 'oidc',
    revokesOnSignOut: true,
  },
  'aws-iam': {
    method: 'aws-iam',
    label: 'AWS IAM',
    description: 'your AWS profile signs a GetCallerIdentity request for a Vault role; only the token is kept',
    asks: 'aws',
    keeps: 'token',
    defaultMount: 'aws',
    revokesOnSignOut: true,
  },
  approle: {
    method: 'approle',
    label: 'AppRole',
    description: 'role-id + secret-id',
    asks: 'secretId',
    keeps: 'secretId',
    defaultMount: 'approle',
    revokesOnSignOut: true,
  },
  'approle-wrapped': {
    method: 'approle-wrapped',
    label: 'AppRole worker/runner',
    description: 'worker fetches a wrapped secret-id for a runner role',
    asks: 'secretId',
    keeps: 'secretId',
    defaultMount: 'approle',
    revokesOnSignOut: true,
  },
};

export function vaultAuthMethod(method: string | undefined): VaultAuthMethodSpec | undefined {
  return method !== undefined ? ownValue<VaultAuthMethodSpec>(VAULT_AUTH_METHODS, method) : undefined;
}

/** The auth mount of a config (without slashes). */
export function authMount(config: { auth: VaultAuthMethod; authPath?: string; approlePath?: string; awsIam?: { mount?: string } }): string {
  const spec = VAULT_AUTH_METHODS[config.auth];
  const configured = spec.keeps === 'secretId' ? config.approlePath : spec.asks === 'aws' ? config.awsIam?.mount : config.authPath;
  return (configured || spec.defaultMount || '').replace(/^\/+|\/+$/g, '');
}

/** How to sign in to a Vault config, in the editor's and the terminal's words. */
export function vaultSignInSteps(config: {
  auth?: VaultAuthMethod;
  url?: string;
  username?: string;
  authPath?: string;
  awsIam?: { mount?: string; role?: string; profile?: string };
}): Phrase {
  const spec = VAULT_AUTH_METHODS[config.auth ?? 'token'];
  const editor = 'Run "Secret References: Sign In to Store" for this config';
  const own = 'or pass --stores <file> with a config of your own.';
  if (spec.asks === 'token') {
    return {
      editor: `${editor}.`,
      terminal: `Set VAULT_TOKEN with VAULT_ADDR set to the store's URL (or BAO_TOKEN with BAO_ADDR), or run "bao login" with BAO_ADDR=${config.url ?? "<the store's URL>"} (or "vault login" with VAULT_ADDR) to leave a session in ~/.vault-token or your token helper; ${own}`,
    };
  }
  if (spec.asks === 'password') {
    const who = `"${config.username ?? '?'}" (auth/${authMount({ auth: spec.method, authPath: config.authPath })})`;
    return {
      editor: `${editor}: it asks for the password of ${who}.`,
      terminal: `Run secretref in a terminal to be asked for the password of ${who}, or pass it on standard input with --password-stdin; ${own}`,
    };
  }
  if (spec.asks === 'aws') {
    const iam = config.awsIam ?? {};
    const identity = iam.profile ? `the AWS profile "${iam.profile}"` : 'your default AWS credentials';
    const where = `auth/${authMount({ auth: spec.method, awsIam: iam })}${iam.role ? ` (role "${iam.role}")` : ''}`;
    return {
      editor: `${editor}: it signs in at ${where} with ${identity}.`,
      terminal: `Run secretref where ${identity} can sign (check with "aws sts get-caller-identity${iam.profile ? ` --profile ${iam.profile}` : ''}"): it signs in at ${where} by itself; ${own}`,
    };
  }
  if (spec.asks === 'secretId') {
    return {
      editor: `${editor}.`,
      terminal: `Set VAULT_SECRET_ID with VAULT_ADDR set to the store's URL (or BAO_SECRET_ID with BAO_ADDR), ${own}`,
    };
  }
  return {
    editor: `${editor}.`,
    terminal: `Run secretref in a terminal: it prints the address to sign in at (and the code, in device mode) and waits for the sign-in; or set VAULT_TOKEN with VAULT_ADDR set to the store's URL (or BAO_TOKEN with BAO_ADDR), ${own}`,
  };
}
