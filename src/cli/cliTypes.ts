// Shapes shared by the CLI's subcommands. IO is injected so tests run commands in-process.
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The whole standard input (`check --stdin-filename`); absent where there is none. */
  stdin?: () => Promise<string>;
}

export interface CliCommand {
  /** Returns the exit code: 0 success, 1 findings (errors), 2 bad usage or unreadable input. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Thrown for bad usage; the dispatcher prints it and exits 2. */
export class UsageError extends Error {}
