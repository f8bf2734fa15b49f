// Ids this feature contributes (mirrored in package.json; the lead may move them to src/constants.ts).
export const MIGRATION_COMMANDS = {
  writeSecret: 'secretref.writeSecret',
  migrateConnection: 'secretref.migrateConnection',
} as const;

/** Virtual documents of the preview: masked before/after texts and the plan with its artefacts. */
export const PREVIEW_SCHEME = 'secretref-migration';

/** Settings read by the commands (under the `secretref` section). */
export const MIGRATION_SETTINGS = {
  namePattern: 'migration.secretNamePattern',
  trustedAccountId: 'migration.trustedAccountId',
} as const;

export const INLINE_SECRET_CODE = 'inline-secret';
