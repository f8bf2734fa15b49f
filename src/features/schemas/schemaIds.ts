// Ids of the schema features (mirrored in package.json `contributes`; proposed for src/constants.ts).
import type * as vscode from 'vscode';

export const SCHEMA_COMMANDS = {
  pickSchema: 'secretref.pickSchema',
} as const;

export const SCHEMA_SETTINGS = {
  section: 'secretref',
  /** Glob -> schema name (or `connections`), e.g. {"**\/secrets/*.json": "snowflake"}. */
  credentialFiles: 'credentialFiles',
} as const;

/** workspaceState key of the schemas picked per document in the status bar. */
export const PICKS_STATE_KEY = 'secretref.schemaPicks';

export const DIAGNOSTIC_SOURCE = 'secretref';

/** JSON and JSONC documents, saved or untitled. */
export const SCHEMA_SELECTOR: vscode.DocumentSelector = [
  { language: 'json', scheme: 'file' },
  { language: 'json', scheme: 'untitled' },
  { language: 'jsonc', scheme: 'file' },
  { language: 'jsonc', scheme: 'untitled' },
];
