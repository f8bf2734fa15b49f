// Each reference kind's parse and format live together (vaultReference.ts, awsReference.ts,
// templateReference.ts, selfHostedBlock.ts): what a formatter writes, the parser reads back as the same
// parts, for any parts the grammar allows.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatAwsReference } from '../../src/core/references/awsReference';
import { keyReference, scanReferences } from '../../src/core/references/scanner';
import { formatSelfHostedBlock } from '../../src/core/references/selfHostedBlock';
import { formatTemplateReference } from '../../src/core/references/templateReference';
import { formatVaultReference } from '../../src/core/references/vaultReference';

const word = (chars: string, maxLength = 12) => fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength });
const ALNUM = 'abcXYZ019';
const storeName = word(`${ALNUM}_.-`);
// A Vault path: segments joined by "/" (none empty); dots and other punctuation are allowed inside.
const vaultPath = fc.array(word(`${ALNUM}_.-@+=ü`), { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/'));
const vaultKey = word(`${ALNUM}_-@+=ü`);
const secretName = word(`${ALNUM}/_+=.@-`).filter((s) => !s.startsWith('arn:'));
const jsonKey = word(`${ALNUM}_-./@ü`);
const stage = word(`${ALNUM}_-`);
const versionId = fc.string({ unit: fc.constantFrom(...'0123456789abcdef-'), minLength: 32, maxLength: 40 });

function only(text: string) {
  const { references, diagnostics } = scanReferences(`x: "${text}"`);
  assert.deepEqual(diagnostics, [], `${text} parses without a diagnostic`);
  assert.equal(references.length, 1, `${text} is one reference`);
  return references[0];
}

describe('references: parse ∘ format is the identity', () => {
  it('vault.secret(store:path.key)', () => {
    fc.assert(
      fc.property(storeName, vaultPath, vaultKey, (store, path, key) => {
        const ref = only(formatVaultReference(store, path, key));
        assert.deepEqual([ref.kind, ref.storeName, ref.path, ref.key], ['vault', store, path, key]);
      }),
    );
  });

  it('{{resolve:secretsmanager:id[:SecretString[:key[:stage|:version-id]]]}}', () => {
    const version = fc.oneof(
      fc.constant({}),
      stage.map((versionStage) => ({ versionStage })),
      versionId.map((id) => ({ versionId: id })),
    );
    fc.assert(
      fc.property(secretName, fc.option(jsonKey, { nil: undefined }), version, (secretId, key, v) => {
        const ref = only(formatAwsReference({ secretId, jsonKey: key, ...v }));
        assert.deepEqual(
          [ref.kind, ref.path, ref.key, ref.versionStage, ref.versionId],
          [
            'aws',
            secretId,
            key ?? null,
            (v as { versionStage?: string }).versionStage ?? null,
            (v as { versionId?: string }).versionId ?? null,
          ],
        );
      }),
    );
  });

  it('{{<template>.response.<key>}}', () => {
    const identStart = 'abcXYZ_$';
    const name = fc
      .tuple(word(identStart, 1), fc.string({ unit: fc.constantFrom(...`${identStart}019`), maxLength: 10 }))
      .map(([first, rest]) => first + rest);
    const key = word(`${ALNUM}_$-`);
    fc.assert(
      fc.property(name, key, (template, k) => {
        const ref = only(formatTemplateReference(template, k));
        assert.deepEqual([ref.kind, ref.templateName, ref.key], ['template', template, k]);
      }),
    );
  });

  it('self-hosted credentials block', () => {
    const region = fc.constantFrom('us-east-1', 'eu-west-2', 'ap-southeast-1');
    const arn = fc
      .tuple(region, fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 }), secretName)
      .map(([r, account, name]) => `arn:aws:secretsmanager:${r}:${account}:secret:${name}`);
    const text = word(`${ALNUM}:/_-"\\ü`, 20);
    const optional = fc.option(text, { nil: null });
    fc.assert(
      fc.property(arn, optional, optional, fc.option(region, { nil: null }), (secretId, assumableRole, externalId, r) => {
        const { references, diagnostics } = scanReferences(formatSelfHostedBlock({ secretId, assumableRole, externalId, region: r }));
        assert.deepEqual(diagnostics, []);
        assert.equal(references.length, 1);
        const [ref] = references;
        assert.deepEqual([ref.kind, ref.path, ref.selfHosted], ['self-hosted', secretId, { assumableRole, externalId, region: r }]);
      }),
    );
  });

  it('keyReference writes each store kind in its own syntax', () => {
    assert.equal(keyReference('vault', 'bao', 'apps/db.prod', 'password'), 'vault.secret(bao:apps/db.prod.password)');
    assert.equal(keyReference('aws', 'aws', 'prod/db', 'password'), '{{resolve:secretsmanager:prod/db:SecretString:password}}');
    assert.equal(formatAwsReference({ secretId: 'prod/db' }), '{{resolve:secretsmanager:prod/db}}');
  });
});
