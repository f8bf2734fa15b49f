// The rows `secretref refs` prints: one per well-formed reference, with 1-based positions
// (end exclusive) and absent parts as null.
import type { StoreConfig } from '../stores/types';
import { LineIndex } from '../lineIndex';
import { templateNamed, type ReferenceSettings } from './settings';
import { storeNameFor } from './target';
import type { ReferenceKind, SecretReference } from './types';

export interface ReferenceRow {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  kind: ReferenceKind;
  store: string | null;
  path: string | null;
  key: string | null;
  versionStage: string | null;
  versionId: string | null;
  raw: string;
}

/** What a listed reference reads (the row's store and path): a template's path is its secret. */
export function listedTarget(
  ref: Pick<SecretReference, 'kind' | 'storeName' | 'templateName' | 'path' | 'arn' | 'selfHosted'>,
  configs: readonly StoreConfig[],
  settings: ReferenceSettings,
): { store: string | null; path: string | null } {
  const template = ref.kind === 'template' && ref.templateName ? templateNamed(settings, ref.templateName) : undefined;
  return { store: storeNameFor(ref, configs, settings), path: ref.kind === 'template' ? (template?.secret ?? null) : ref.path };
}

export function referenceRows(
  file: string,
  text: string,
  refs: readonly SecretReference[],
  configs: readonly StoreConfig[],
  settings: ReferenceSettings,
): ReferenceRow[] {
  const lines = new LineIndex(text);
  return refs.map((ref) => {
    const start = lines.position(ref.offset);
    const end = lines.position(ref.offset + ref.length);
    const target = listedTarget(ref, configs, settings);
    return {
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      kind: ref.kind,
      store: target.store,
      path: target.path,
      key: ref.key,
      versionStage: ref.versionStage,
      versionId: ref.versionId,
      raw: ref.raw,
    };
  });
}
