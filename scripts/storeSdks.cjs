// The entry of dist/storeSdks.js: the store SDKs (node-vault, the AWS SDK's clients, credential
// providers, shared-config reader and SigV4 signer), bundled apart from the extension, the CLI and the
// language server. Those read this file the first time a store is used (scripts/build.mjs routes
// core/stores/sdkLoader's imports here), so a start never parses them; each SDK is evaluated on its
// first read, so a Vault user never evaluates the AWS SDK.
module.exports = {
  get 'node-vault'() {
    return require('node-vault');
  },
  get '@aws-sdk/client-secrets-manager'() {
    return require('@aws-sdk/client-secrets-manager');
  },
  get '@aws-sdk/credential-providers'() {
    return require('@aws-sdk/credential-providers');
  },
  get '@smithy/core/config'() {
    return require('@smithy/core/config');
  },
  get '@smithy/signature-v4'() {
    return require('@smithy/signature-v4');
  },
};
