// Shapes shared by the CLI's subcommands. IO is injected so tests run commands in-process.
import type { VaultStoreConfig } from '../core/stores';
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The whole standard input as text (--password-stdin, --stdin-filename); main.ts gives the process's, tests inject it. */
  readStdin?: () => Promise<string>;
  /** Asks for a password without echo; undefined when there is no terminal. Default: the process's terminal. */
  promptPassword?: (prompt: string) => Promise<string | undefined>;
  /** Signs in to an `auth: "oidc"` Vault config; undefined when nobody can. Default: on the process's terminal (oidcTerminal.ts). */
  oidcSignIn?: (config: VaultStoreConfig) => Promise<{ token: string } | undefined>;
  /** Asks a yes/no question on the terminal (`secretref mv`'s delete); undefined when there is no terminal. */
  confirm?: (question: string) => Promise<boolean>;
}

export interface CliCommand {
  /** Returns the exit code: 0 success, 1 findings (errors), 2 bad usage or unreadable input. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Thrown for bad usage; the dispatcher prints it and exits 2. */
export class UsageError extends Error {}
