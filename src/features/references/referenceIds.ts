// Command and setting ids of the reference features (proposed for src/constants.ts; kept here until
// merged so package.json and code share one source).
export const REFERENCE_COMMANDS = {
  revealValue: 'secretref.references.revealValue',
  copyValue: 'secretref.references.copyValue',
  copyReference: 'secretref.references.copyReference',
  openInSecretsView: 'secretref.references.openInSecretsView',
} as const;

/** The Secrets view's command that selects a secret (views feature). */
export const OPEN_IN_VIEW_TARGET = 'secretref.views.revealSecret';

export const REFERENCE_SETTINGS = {
  templates: 'templates',
  defaultAwsStore: 'defaultAwsStore',
  credentialFiles: 'credentialFiles',
  revealSeconds: 'references.revealSeconds',
  diagnosticsDelayMs: 'references.diagnosticsDelayMs',
  clipboardClearSeconds: 'clipboardClearSeconds',
} as const;

export const DIAGNOSTIC_SOURCE = 'secretref';
