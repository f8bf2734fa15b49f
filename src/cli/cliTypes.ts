// Shapes shared by the CLI's subcommands. IO is injected so tests run commands in-process.
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input as text (--password-stdin); default: the process's. Tests inject it. */
  readStdin?: () => Promise<string>;
  /** Asks for a password without echo; undefined when there is no terminal. Default: the process's terminal. */
  promptPassword?: (prompt: string) => Promise<string | undefined>;
}

export interface CliCommand {
  /** Returns the exit code: 0 success, 1 findings (errors), 2 bad usage or unreadable input. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Thrown for bad usage; the dispatcher prints it and exits 2. */
export class UsageError extends Error {}
