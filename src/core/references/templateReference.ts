// Templated references as in Superblocks, "Authenticate using credentials in AWS Secrets Manager"
// (https://docs.superblocks.com/integrations/authenticating-apis/authenticate-using-aws-secrets-manager):
// {{<name>.response.<key>}}, where secretref.templates maps <name> to a store config and secret. Other `{{...}}` templates are not ours and are skipped silently.
import { findStop, stopTable, malformed, ParseOutcome, unterminated } from './scanSupport';

const TEMPLATE_STOPS = stopTable('{}');

const RESPONSE = '.response.';

function isIdentStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57);
}

function isKeyPart(code: number): boolean {
  return isIdentPart(code) || code === 45; // '-'
}

/** Writes `{{<name>.response.<key>}}`: what parseTemplateReference reads back as the same name and key. */
export function formatTemplateReference(name: string, key: string): string {
  return `{{${name}${RESPONSE}${key}}}`;
}

/**
 * Where the `.response.` of the template whose `{{` is at `start` is, or -1 when it is none of ours:
 * most `{{` in config text are other templates (Helm, Jinja, prose), refused here before anything is
 * allocated. The scanner asks this of every `{{` it finds.
 */
export function templateMarkerAt(text: string, start: number): number {
  let i = start + 2;
  while (text.charCodeAt(i) === 32) i++;
  if (!isIdentStart(text.charCodeAt(i))) return -1;
  for (i++; i < text.length && isIdentPart(text.charCodeAt(i)); i++);
  return text.charCodeAt(i) === 46 && text.startsWith(RESPONSE, i) ? i : -1;
}

/** Parses the template whose `{{` is at `start`, or returns null when it is not `{{x.response.y}}`. */
export function parseTemplateReference(text: string, start: number): ParseOutcome {
  let i = templateMarkerAt(text, start);
  if (i === -1) return null;
  let nameStart = start + 2;
  while (text.charCodeAt(nameStart) === 32) nameStart++;
  const name = text.slice(nameStart, i);
  i += RESPONSE.length;
  const keyStart = i;
  while (i < text.length && isKeyPart(text.charCodeAt(i))) i++;
  const key = text.slice(keyStart, i);
  let j = i;
  while (text.charCodeAt(j) === 32) j++;
  if (text.startsWith('}}', j)) {
    const end = j + 2;
    const raw = text.slice(start, end);
    if (!key) {
      return {
        diagnostic: malformed(
          start,
          end - start,
          `Malformed reference ${raw}: no key after ".response.". Write {{${name}.response.<key>}}.`,
        ),
        end,
      };
    }
    return {
      reference: {
        kind: 'template',
        offset: start,
        length: end - start,
        raw,
        storeName: null,
        templateName: name,
        path: null,
        key,
        versionStage: null,
        versionId: null,
        arn: null,
        selfHosted: null,
        parts: { template: { offset: nameStart, length: name.length }, key: { offset: keyStart, length: key.length } },
      },
      end,
    };
  }
  const stop = findStop(text, j, TEMPLATE_STOPS);
  if (stop === j) {
    return {
      diagnostic: unterminated(start, j - start, `Unterminated reference: "${text.slice(start, j)}" is missing its closing "}}".`),
      end: j,
    };
  }
  // Something other than `}}` follows the key, e.g. `{{getSecrets.response.host.port}}`.
  const close = text.indexOf('}}', j);
  const end = close !== -1 && close <= stop ? close + 2 : stop;
  return {
    diagnostic: malformed(
      start,
      end - start,
      `Malformed reference ${text.slice(start, end)}: write {{${name}.response.<key>}} with a single key.`,
    ),
    end,
  };
}
