// Starts OpenBao, moto and an LDAP directory (slapd, behind OpenBao's auth/ldap) on free loopback ports,
// with Vault's AWS auth (auth/aws, IAM) verifying against moto,
// seeds them, writes the test environment file, runs the given work, and always stops them afterwards.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { makeSeedData, seedMoto, seedOpenBao, AWS_REGION } from '../support/seed';
import { enableAwsIamAuth } from '../support/awsIamAuth';
import { enableLdapAuth, startLdapDirectory } from '../support/ldapDirectory';
import { requireEnv } from '../support/processes';
import { startMoto, startOpenBao } from '../support/stores';
import { TestEnvironment, writeTestEnvironment } from '../support/testEnv';

export interface StoresSession {
  env: TestEnvironment;
  envFile: string;
}

export async function withStores<T>(runDir: string, work: (session: StoresSession) => Promise<T>): Promise<T> {
  fs.mkdirSync(runDir, { recursive: true });
  const canary = `canary${randomBytes(6).toString('hex')}`;
  const [bao, moto, ldap] = await Promise.all([
    startOpenBao({ pluginDir: requireEnv('SECRETREF_BAO_PLUGINS') }),
    startMoto(),
    startLdapDirectory(runDir),
  ]);
  try {
    const data = makeSeedData(canary);
    const [awsIam] = await Promise.all([
      enableAwsIamAuth(bao, moto),
      seedOpenBao(bao, data),
      seedMoto(moto, data),
      enableLdapAuth(bao, ldap),
    ]);
    const env: TestEnvironment = {
      vault: { address: bao.address, rootToken: bao.rootToken },
      ldap: { url: ldap.url, mount: 'ldap', password: ldap.userPassword },
      aws: { endpoint: moto.endpoint, region: AWS_REGION },
      awsIam,
      canary,
      runDir,
    };
    const envFile = path.join(runDir, 'test-env.json');
    writeTestEnvironment(envFile, env);
    process.env.SECRETREF_TEST_ENV = envFile;
    console.log(`[stores] OpenBao ${bao.address} (auth/ldap on slapd ${ldap.url}, auth/${awsIam.mount} on moto), moto ${moto.endpoint}`);
    return await work({ env, envFile });
  } finally {
    await Promise.all([bao.stop(), moto.stop(), ldap.stop()]);
    console.log('[stores] stopped');
  }
}

/** CLI: node out/test/runners/withStores.js -- <command...> runs a command with stores up. */
if (require.main === module) {
  const dashDash = process.argv.indexOf('--');
  const command = dashDash >= 0 ? process.argv.slice(dashDash + 1) : [];
  if (command.length === 0) {
    console.error('usage: node out/test/runners/withStores.js -- <command> [args...]');
    process.exit(2);
  }
  const runDir = path.resolve('.test-runs', `stores-${Date.now()}`);
  withStores(
    runDir,
    ({ envFile }) =>
      new Promise<number>((resolve) => {
        const child = spawn(command[0], command.slice(1), {
          stdio: 'inherit',
          env: { ...process.env, SECRETREF_TEST_ENV: envFile },
        });
        child.on('exit', (code) => resolve(code ?? 1));
      }),
  ).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
