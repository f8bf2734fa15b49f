// Every command, view, context key and setting id in one place; package.json must match these.
export const EXTENSION_ID = 'secretref.secretref';
export const OUTPUT_CHANNEL_NAME = 'Secret References';

export const VIEWS = {
  container: 'secretref',
  secrets: 'secretref.secrets',
  stores: 'secretref.stores',
} as const;

export const COMMANDS = {
  showLog: 'secretref.showLog',
} as const;

export const SETTINGS = {
  section: 'secretref',
  stores: 'stores',
  cacheTtlSeconds: 'cacheTtlSeconds',
} as const;
