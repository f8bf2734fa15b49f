// Asking for the fields of a store config (quick pick or input box), for Add Store and Edit Store;
// the fields themselves, and the step counter, live in the core (core/stores/storeFields.ts).
import * as vscode from 'vscode';
import { fieldValue, type Draft, type FieldSpec } from '../../core/stores/storeFields';

export { fieldValue, setField, STORE_FIELDS, stepCounter } from '../../core/stores/storeFields';
export type { Draft, FieldSpec } from '../../core/stores/storeFields';

/** Asks for one field; undefined = cancelled, '' = left empty. */
export async function askField(field: FieldSpec, draft: Draft, title: string): Promise<unknown> {
  if (field.options) {
    const picked = await vscode.window.showQuickPick(
      field.options.map((o) => ({ ...o, picked: fieldValue(draft, field.key) === o.value })),
      { title, placeHolder: field.prompt, ignoreFocusOut: true },
    );
    return picked ? picked.value : undefined;
  }
  const current = fieldValue(draft, field.key);
  const value = await vscode.window.showInputBox({
    title,
    prompt: field.prompt,
    placeHolder: field.placeholder,
    value: typeof current === 'string' || typeof current === 'number' ? String(current) : '',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const t = v.trim();
      if (!t) return field.required ? 'Required' : undefined;
      return field.validate?.(t);
    },
  });
  if (value === undefined) return undefined;
  const text = value.trim();
  return text && field.parse ? field.parse(text) : text;
}
