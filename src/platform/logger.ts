// The extension's output channel. Callers pass messages that never contain secret values; the
// redactor is a second line of defence that masks anything registered as secret (tokens, values),
// for as long as the holder of the value keeps it registered.
import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME } from '../constants';
import { redact } from '../core/redaction';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /**
   * Registers a string that must never be printed (a token, a revealed value) and returns its release:
   * a value is masked only while something holds it (a resolution session, a clipboard timer, a write),
   * so the set does not keep every value the window ever saw. Registrations are counted.
   */
  addSecret(value: string): () => void;
  /** Whether this string is masked now (tests: a value is let go with its holder). */
  masks(value: string): boolean;
  show(): void;
}

export function createLogger(context: vscode.ExtensionContext): Logger {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  const secrets = new Map<string, number>();
  const hide = (message: string) => redact(message, secrets.keys());
  return {
    info: (m) => channel.info(hide(m)),
    warn: (m) => channel.warn(hide(m)),
    error: (m) => channel.error(hide(m)),
    addSecret: (value) => {
      if (value.length < 4) return () => undefined;
      secrets.set(value, (secrets.get(value) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (secrets.get(value) ?? 1) - 1;
        if (left > 0) secrets.set(value, left);
        else secrets.delete(value);
      };
    },
    masks: (value) => secrets.has(value),
    show: () => channel.show(true),
  };
}
