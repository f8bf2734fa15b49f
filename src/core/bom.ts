// A UTF-8 byte order mark at the start of a file (editors on Windows write one) is not part of its
// text: no JSON syntax, no column. Whatever reads a file splits it off; whatever rewrites the file
// puts it back, so the file keeps its encoding.
export const BOM = '\uFEFF';

export interface BomText {
  /** The mark itself, or '' when the file has none. */
  bom: string;
  /** The text after it. */
  text: string;
}

export function splitBom(text: string): BomText {
  return text.charCodeAt(0) === 0xfeff ? { bom: BOM, text: text.slice(1) } : { bom: '', text };
}
