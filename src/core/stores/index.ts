// The store layer's entry point for other modules: import from here, not from the files inside.
export * from './types';
export { createStoreManager } from './storeManager';
export type { StoreManagerOptions, StoreManagerStats, StoreManagerWithStats, StoreOutcome } from './storeManager';
export { parseStoreConfig, mergeStoreConfigs, identityChoices, approvalFingerprint, endpointOrigin } from './storeConfig';
export type { ConfigLayer, ConfigProblem, MergedStoreConfigs, MergeOptions, PendingApproval, ShadowedConfig } from './storeConfig';
export { credentialKey, configFingerprint, editorAmbientToken, environmentToken, memoryCredentialStore } from './credentials';
export { secretKeyValue, secretKeyNames, valueToString } from './secretValue';
export { loadedStoreSdks } from './sdkLoader';
export { createStore } from './storeFactory';
export { describeStoreTarget, accountOfRole } from './destination';
