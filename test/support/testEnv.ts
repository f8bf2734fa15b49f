// What a test process needs to know about the stores the runner started: read from one JSON file
// whose path is in SECRETREF_TEST_ENV (the runner writes it; tests inside VS Code read it too).
import * as fs from 'node:fs';
import type { AwsIamAuth } from './awsIamAuth';
import { makeSeedData, SeedData } from './seed';

export interface TestEnvironment {
  vault: { address: string; rootToken: string };
  /** The LDAP directory behind OpenBao's auth/<mount>: every user of LDAP_USERS has `password`. */
  ldap: { url: string; mount: string; password: string };
  aws: { endpoint: string; region: string };
  /** Vault's AWS auth (IAM) at auth/<mount>, verifying against moto (awsIamAuth.ts). */
  awsIam: AwsIamAuth;
  canary: string;
  /** Folder for the run's scratch files and logs. */
  runDir: string;
}

export function writeTestEnvironment(file: string, env: TestEnvironment): void {
  fs.writeFileSync(file, JSON.stringify(env, null, 2));
}

let cached: TestEnvironment | undefined;

export function testEnvironment(): TestEnvironment {
  if (cached) return cached;
  const file = process.env.SECRETREF_TEST_ENV;
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      'SECRETREF_TEST_ENV is not set or missing: a test that needs the stores belongs in test/live/ and runs through "npm test" or "npm run test:live", which start OpenBao and moto.',
    );
  }
  cached = JSON.parse(fs.readFileSync(file, 'utf8')) as TestEnvironment;
  return cached;
}

export function seedData(): SeedData {
  return makeSeedData(testEnvironment().canary);
}
