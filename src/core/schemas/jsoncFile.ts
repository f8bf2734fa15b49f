// A JSONC file read from disk (the CLI's --stores, --settings and --config files, `.secretref.json`
// for the editor's reference index): BOM removed, parsed by the one JSON(C) parser.
import * as fs from 'node:fs';
import { splitBom } from '../bom';
import { jsoncErrors, nodeValue, parseJsonc } from './jsonc';

/** A JSONC file's value; throws Error naming `what` when it cannot be read or parsed. */
export function readJsonc(file: string, what: string): unknown {
  let text: string;
  try {
    text = splitBom(fs.readFileSync(file, 'utf8')).text;
  } catch {
    throw new Error(`cannot read the ${what} file "${file}": check the path.`);
  }
  const { root, errors } = parseJsonc(text);
  if (jsoncErrors(errors).length > 0) throw new Error(`the ${what} file "${file}" is not valid JSON.`);
  return nodeValue(root);
}
