// The reference-related settings (secretref.templates, secretref.defaultAwsStore), shared by the
// extension (read from VS Code settings) and the CLI (read from a settings.json file).
import { ownValue, setOwn } from '../ownKeys';

/** secretref.templates: template name -> the store config and secret it reads, e.g.
 *  "getSecrets": { "store": "aws-prod", "secret": "postgresSecrets" } (the workflow of Superblocks,
 *  "Authenticate using credentials in AWS Secrets Manager": https://docs.superblocks.com/integrations/authenticating-apis/authenticate-using-aws-secrets-manager). */
export interface TemplateTarget {
  store: string;
  secret: string;
}

export interface ReferenceSettings {
  templates: Readonly<Record<string, TemplateTarget>>;
  /** The AWS store config for references whose secret id has no region (a name, not an ARN). */
  defaultAwsStore?: string;
}

export const EMPTY_REFERENCE_SETTINGS: ReferenceSettings = { templates: {} };

/** Reads the two settings from a parsed settings object (flat `secretref.x` keys or a nested `secretref`). */
export function referenceSettingsFrom(settings: Record<string, unknown>): ReferenceSettings {
  const nested = isRecord(settings.secretref) ? settings.secretref : {};
  const pick = (key: string): unknown => settings[`secretref.${key}`] ?? nested[key];
  const templates: Record<string, TemplateTarget> = {};
  const rawTemplates = pick('templates');
  if (isRecord(rawTemplates)) {
    for (const [name, target] of Object.entries(rawTemplates)) {
      if (isRecord(target) && typeof target.store === 'string' && typeof target.secret === 'string') {
        setOwn(templates, name, { store: target.store, secret: target.secret });
      }
    }
  }
  const defaultAwsStore = pick('defaultAwsStore');
  return { templates, defaultAwsStore: typeof defaultAwsStore === 'string' && defaultAwsStore ? defaultAwsStore : undefined };
}

/** The template a reference names, if the settings define it (an own key: `{{constructor.response.x}}` names none). */
export function templateNamed(settings: ReferenceSettings, name: string): TemplateTarget | undefined {
  return ownValue(settings.templates, name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
