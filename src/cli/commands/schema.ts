// `secretref schema <name>`: prints the JSON Schema (draft 2020-12) of a credential schema, or of
// a whole connections file with `secretref schema connections`.
import { CONNECTIONS, connectionsJsonSchema, schemaNames, toJsonSchema } from '../../core/schemas';
import { parseCommandArgs } from '../args';
import { CliCommand, CliIO, UsageError } from '../cliTypes';

const names = () => [...schemaNames(), CONNECTIONS].join(', ');
const help = () => `usage: secretref schema <name>\n\nPrints the JSON Schema (draft 2020-12) of one of: ${names()}`;

export const schemaCommand: CliCommand = {
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseCommandArgs(args, {}, help());
    if (parsed === 'help') {
      io.stdout(help());
      return 0;
    }
    if (parsed.positionals.length !== 1) throw new UsageError(`expected one schema name: ${names()}`);
    const name = parsed.positionals[0];
    const schema = name === CONNECTIONS ? connectionsJsonSchema() : toJsonSchema(name);
    if (!schema) throw new UsageError(`unknown schema "${name}"; expected one of ${names()}`);
    io.stdout(JSON.stringify(schema, null, 2));
    return 0;
  },
};
