// A real LDAP directory for the LDAP sign-in tests: Debian's OpenLDAP server (slapd, installed by
// scripts/setup-prereqs.sh) on a free loopback port, with its own configuration and database in the run
// folder, seeded offline with slapadd (people under ou=people, one per-run password); plus the OpenBao
// side: Vault's LDAP auth method, built as an external plugin (scripts/bao-plugins/, registered by the
// dev server as "vault-ldap"), mounted at auth/ldap and pointed at the directory.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort, ManagedProcess, requireEnv, startProcess, waitFor } from './processes';
import { vaultApi } from './stores';

/** The people seeded in the directory; all of them have the run's password. */
export const LDAP_USERS = ['alice', 'cli'] as const;
export const LDAP_BASE_DN = 'dc=secretref,dc=test';
export const LDAP_PEOPLE_DN = `ou=people,${LDAP_BASE_DN}`;

export interface LdapDirectory {
  url: string;
  /** The directory administrator (slapd's rootdn), for OpenBao's search bind. */
  bindDn: string;
  bindPassword: string;
  /** The password of every user in LDAP_USERS. */
  userPassword: string;
  stop(): Promise<void>;
}

/** The OpenBao LDAP plugin's name in the dev server's catalog (the file name in SECRETREF_BAO_PLUGINS). */
export const LDAP_PLUGIN = 'vault-ldap';

export async function startLdapDirectory(runDir: string): Promise<LdapDirectory> {
  const slapd = requireEnv('SECRETREF_SLAPD');
  const slapadd = requireEnv('SECRETREF_SLAPADD');
  const dir = path.join(runDir, 'ldap');
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { recursive: true });
  const bindDn = `cn=admin,${LDAP_BASE_DN}`;
  const bindPassword = randomBytes(12).toString('hex');
  const userPassword = `ldap-${randomBytes(10).toString('hex')}`;
  const schemas = ['core', 'cosine', 'inetorgperson'].map((name) => `include /etc/ldap/schema/${name}.schema`);
  const config = path.join(dir, 'slapd.conf');
  fs.writeFileSync(
    config,
    [
      ...schemas,
      `pidfile ${path.join(dir, 'slapd.pid')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'database mdb',
      'maxsize 16777216',
      `suffix "${LDAP_BASE_DN}"`,
      `rootdn "${bindDn}"`,
      `rootpw ${bindPassword}`,
      `directory ${data}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const entries = [
    `dn: ${LDAP_BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\no: secretref tests\ndc: secretref`,
    `dn: ${LDAP_PEOPLE_DN}\nobjectClass: organizationalUnit\nou: people`,
    ...LDAP_USERS.map(
      (uid) =>
        `dn: uid=${uid},${LDAP_PEOPLE_DN}\nobjectClass: inetOrgPerson\nuid: ${uid}\ncn: ${uid}\nsn: Tester\nuserPassword: ${userPassword}`,
    ),
  ];
  const seed = path.join(dir, 'seed.ldif');
  fs.writeFileSync(seed, entries.join('\n\n') + '\n', { mode: 0o600 });
  execFileSync(slapadd, ['-f', config, '-l', seed], { stdio: 'pipe' });
  fs.rmSync(seed);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  // -d keeps slapd in the foreground (a child the runner stops); level 0 logs nothing.
  const proc: ManagedProcess = startProcess(slapd, ['-f', config, '-h', `${url}/`, '-d', '0']);
  await waitFor(`slapd on ${url}`, async () => {
    if (proc.child.exitCode !== null) throw new Error(`slapd exited: ${proc.output()}`);
    return listening(port);
  });
  return { url, bindDn, bindPassword, userPassword, stop: () => proc.stop() };
}

function listening(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(undefined));
  });
}

/**
 * Mounts the LDAP auth method at auth/ldap of `bao` and points it at `directory`; ready once a seeded
 * user really signs in through it (OpenBao → plugin → slapd bind).
 */
export async function enableLdapAuth(bao: { address: string; rootToken: string }, directory: LdapDirectory): Promise<void> {
  await vaultApi(bao, bao.rootToken, 'POST', 'sys/auth/ldap', { type: LDAP_PLUGIN, description: 'OpenLDAP (slapd) of the test run' });
  await vaultApi(bao, bao.rootToken, 'POST', 'auth/ldap/config', {
    url: directory.url,
    userdn: LDAP_PEOPLE_DN,
    userattr: 'uid',
    binddn: directory.bindDn,
    bindpass: directory.bindPassword,
    groupdn: LDAP_PEOPLE_DN,
    token_policies: ['default'],
  });
  await waitFor('an LDAP sign-in through OpenBao', async () => {
    const response = await fetch(`${bao.address}/v1/auth/ldap/login/${LDAP_USERS[0]}`, {
      method: 'POST',
      body: JSON.stringify({ password: directory.userPassword }),
    });
    if (!response.ok) return undefined;
    const token = ((await response.json()) as { auth: { client_token: string } }).auth.client_token;
    await vaultApi(bao, token, 'POST', 'auth/token/revoke-self');
    return true;
  });
}
