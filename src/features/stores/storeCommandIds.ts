// Command ids of the store feature (proposed for src/constants.ts COMMANDS; package.json must match).
export const STORE_COMMANDS = {
  addStore: 'secretref.addStore',
  editStore: 'secretref.editStore',
  testStoreConnection: 'secretref.testStoreConnection',
  signInToStore: 'secretref.signInToStore',
  signOutOfStore: 'secretref.signOutOfStore',
  removeStore: 'secretref.removeStore',
  enableStore: 'secretref.enableStore',
  disableStore: 'secretref.disableStore',
  refreshStores: 'secretref.refreshStores',
  copySecretValue: 'secretref.copySecretValue',
} as const;
