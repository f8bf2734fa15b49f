// Every subcommand's arguments through node:util parseArgs (strict), with the usage errors in the
// CLI's own words: an unknown option, an option without its value, a value for a flag. Each error is a
// UsageError (exit 2); the help is printed with an unknown option.
import { parseArgs } from 'node:util';
import { ownValue } from '../core/ownKeys';
import { UsageError } from './cliTypes';

type OptionSpec = { type: 'string'; multiple?: boolean; short?: string } | { type: 'boolean'; short?: string };
export type OptionSpecs = Record<string, OptionSpec>;

/** `-h` / `--help`, which every subcommand takes. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

type Values<O extends OptionSpecs> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string;
};

/**
 * The options and positionals of `args`, or 'help' when -h/--help is among the options (whatever
 * else is wrong). Positionals after `--` are taken as they are; `order` names the options as given.
 */
export function parseCommandArgs<O extends OptionSpecs>(
  args: string[],
  options: O,
  help: string,
): { values: Values<O>; positionals: string[]; order: string[] } | 'help' {
  const specs: OptionSpecs = { ...options, ...HELP_OPTION };
  // A loose pass first, for the tokens: the strict parser's messages name no fix and vary by Node version.
  const { tokens } = parseArgs({ args, options: specs, strict: false, allowPositionals: true, tokens: true });
  const given = tokens.filter((token) => token.kind === 'option');
  if (given.some((token) => token.name === 'help')) return 'help';
  for (const token of given) {
    const spec = ownValue(specs, token.name);
    if (!spec) throw new UsageError(`unknown option "${token.rawName}"\n\n${help}`);
    if (spec.type === 'boolean' && token.inlineValue) throw new UsageError(`${token.rawName} takes no value`);
    if (spec.type === 'string' && (!token.value || (!token.inlineValue && token.value.startsWith('-')))) {
      // `--stores --resolve`: the next argument is an option, not the value that was forgotten.
      const dashed = token.value?.startsWith('-') ? ` (for a value that starts with "-", write ${token.rawName}=${token.value})` : '';
      throw new UsageError(`${token.rawName} needs a value${dashed}`);
    }
  }
  try {
    const { values, positionals } = parseArgs({ args, options: specs, strict: true, allowPositionals: true });
    delete (values as Record<string, unknown>).help;
    return { values: values as Values<O>, positionals, order: given.map((token) => token.name) };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${help}`);
  }
}

/** A value that must be one of `allowed`, e.g. `--format` text or json. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be ${allowed.map((a) => `"${a}"`).join(' or ')}, not "${value}"`);
}
