// `secretref schema <name>`: prints the JSON Schema (draft 2020-12) of a credential schema, or of
// a whole connections file with `secretref schema connections`.
import { CONNECTIONS, connectionsJsonSchema, schemaNames, toJsonSchema } from '../../core/schemas';
import { CliCommand, CliIO, UsageError } from '../cliTypes';

const names = () => [...schemaNames(), CONNECTIONS].join(', ');

export const schemaCommand: CliCommand = {
  async run(args: string[], io: CliIO): Promise<number> {
    if (args[0] === '-h' || args[0] === '--help') {
      io.stdout(`usage: secretref schema <name>\n\nPrints the JSON Schema (draft 2020-12) of one of: ${names()}`);
      return 0;
    }
    if (args.length !== 1) throw new UsageError(`expected one schema name: ${names()}`);
    const name = args[0];
    const schema = name === CONNECTIONS ? connectionsJsonSchema() : toJsonSchema(name);
    if (!schema) throw new UsageError(`unknown schema "${name}"; expected one of ${names()}`);
    io.stdout(JSON.stringify(schema, null, 2));
    return 0;
  },
};
