// Public surface of the credential schemas core (CLI, features, benchmarks and other helpers).
export * from './schemaTypes';
export { SCHEMAS } from './definitions';
export * from './registry';
export { CODES, validateCredential, validateConnection } from './validator';
export * from './detection';
export { secretValues } from './secretFields';
export type { SecretValue } from './secretFields';
export type { JsonTree } from './jsonTree';
export { CredentialDocument } from './credentialDocument';
export type { DocumentEntry } from './credentialDocument';
export { computeCompletions, describeField } from './completion';
export type { CompletionEntry } from './completion';
export { computeHover } from './hover';
export type { HoverInfo } from './hover';
export { computeQuickFixes, computeDocumentQuickFixes, applyEdits } from './quickFixes';
export type { QuickFix, TextEdit } from './quickFixes';
export { toJsonSchema, connectionsJsonSchema } from './jsonSchema';
export { parseJsonc } from './jsonc';
