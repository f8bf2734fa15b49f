// The AWS CLI login a store's profile needs (issue 16 item 2): the command as typed, and the mapping of
// the SDK's SSO / console-session failures to signed-out with that command as the fix.
import * as assert from 'node:assert/strict';
import { awsLoginCommand, awsProfileName } from '../../src/core/stores/aws/awsProfileConfig';
import { mapAwsError } from '../../src/core/stores/errorMapping';
import { storeErrorFixes } from '../../src/core/stores/errorPolicy';
import { describeStoreError } from '../../src/core/stores/storeError';

function providerError(message: string, name = 'CredentialsProviderError'): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('stores: AWS CLI login of a profile', () => {
  it('names the store profile, never the ambient AWS_PROFILE, and quotes a profile a shell would split', () => {
    assert.equal(awsProfileName({ auth: 'profile', profile: 'p' }, { AWS_PROFILE: 'other' }), 'p');
    assert.equal(awsProfileName({ auth: 'default' }, { AWS_PROFILE: 'other' }), 'other');
    assert.equal(awsProfileName({ auth: 'default' }, {}), 'default');
    assert.equal(awsLoginCommand({ profile: 'dev-admin', login: 'sso' }), 'aws sso login --profile dev-admin');
    assert.equal(awsLoginCommand({ profile: 'dev', login: 'console' }), 'aws login --profile dev');
    assert.equal(awsLoginCommand({ profile: "it's mine; rm -rf", login: 'sso' }), `aws sso login --profile 'it'\\''s mine; rm -rf'`);
    assert.equal(awsLoginCommand({ profile: 'keys' }), undefined);
  });

  it('an SSO session failure of an SSO profile is signed-out with the login fix; other provider failures keep the generic one', () => {
    const ctx = { store: 's', operation: 'read the secret', awsLogin: 'aws sso login --profile p' };
    for (const error of [
      providerError(
        'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
      ),
      providerError(
        "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile.",
        'TokenProviderError',
      ),
    ]) {
      const mapped = mapAwsError(error, ctx, 'Secrets Manager');
      assert.equal(mapped.kind, 'signed-out');
      assert.deepEqual(storeErrorFixes(mapped), ['aws-sso-login']);
      assert.match(describeStoreError(mapped, 'terminal'), /Run "aws sso login --profile p"/);
    }
    const noLogin = mapAwsError(providerError('Could not load credentials from any providers'), { ...ctx, awsLogin: undefined }, 'x');
    assert.equal(noLogin.kind, 'signed-out');
    assert.deepEqual(storeErrorFixes(noLogin), ['sign-in']);
    const config = mapAwsError(
      providerError(
        'Profile is configured with invalid SSO credentials. Required parameters "sso_account_id". Got sso_session, sso_region',
      ),
      ctx,
      'x',
    );
    assert.deepEqual(storeErrorFixes(config), ['sign-in'], 'a broken SSO profile is not fixed by logging in');
  });
});
