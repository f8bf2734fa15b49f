// The extension's output channel. Callers pass messages that never contain secret values; the
// redactor is a second line of defence that masks anything registered as secret (tokens, values).
import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME } from '../constants';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Registers a string that must never be printed (a token, a revealed value). */
  addSecret(value: string): void;
  show(): void;
}

export function createLogger(context: vscode.ExtensionContext): Logger {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  const secrets = new Set<string>();
  const redact = (message: string) => {
    let out = message;
    for (const secret of secrets) out = out.split(secret).join('••••••');
    return out;
  };
  return {
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(redact(m)),
    addSecret: (value) => {
      if (value.length >= 4) secrets.add(value);
    },
    show: () => channel.show(true),
  };
}
