// What `secretref check` fails on, and what it leaves out: the severities the CLI gives (a committed
// inline secret is an error; under --resolve a reference that could not be checked is one too unless
// --allow-unresolved), `--fail-on`, fingerprints (file + key path + code + occurrence, never the line,
// so an edit above a finding keeps it), the baseline file, and `secretref: ignore <code> <reason>`.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CoreDiagnostic, Severity } from '../core/diagnostics';
import type { IgnoreDirective } from '../core/formats/documentation';
import type { LineIndex } from '../core/lineIndex';
import { UsageError } from './cliTypes';

export type FailOn = 'error' | 'warning' | 'never';

export interface CheckFinding {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  code: string;
  path: string;
  message: string;
  /** Stable across line moves: file + key path + code + its ordinal among those (see `fingerprintFindings`). */
  fingerprint: string;
}

/**
 * Codes of a reference that could not be checked: the store did not answer (unreachable, timeout) or
 * has no session (signed out). With --resolve they fail the run unless --allow-unresolved.
 */
export const UNCHECKED_CODES: ReadonlySet<string> = new Set(['store-unreachable', 'signed-out']);

/**
 * The severity the CLI reports. `inline-secret` is a warning in the editor (the file is being edited)
 * and an error in check: a committed credential fails CI by default.
 */
export function cliSeverity(d: CoreDiagnostic, options: { resolve?: boolean; allowUnresolved?: boolean }): Severity {
  if (d.code === 'inline-secret') return 'error';
  // Unchecked is an error with --resolve; --allow-unresolved makes it information whatever --fail-on says.
  if (options.resolve && UNCHECKED_CODES.has(d.code)) return options.allowUnresolved ? 'information' : 'error';
  return d.severity;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

/** Whether findings at `severity` make the run exit 1. */
export function fails(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return RANK[severity] >= RANK[failOn];
}

/** Fills in each finding's fingerprint: sha-256 of file, key path, code and the ordinal among equal triples. */
export function fingerprintFindings(findings: Omit<CheckFinding, 'fingerprint'>[]): CheckFinding[] {
  const counts = new Map<string, number>();
  return findings.map((f) => {
    const triple = `${f.file}\u0000${f.path}\u0000${f.code}`;
    const ordinal = counts.get(triple) ?? 0;
    counts.set(triple, ordinal + 1);
    const fingerprint = createHash('sha256').update(`${triple}\u0000${ordinal}`).digest('hex').slice(0, 32);
    return { ...f, fingerprint };
  });
}

/**
 * Whether a diagnostic at `offset` is covered by an ignore comment for its code: a trailing comment on
 * its line, or a comment alone on the line before.
 */
export function ignoredBy(directives: readonly IgnoreDirective[], lines: LineIndex, code: string, offset: number): boolean {
  if (directives.length === 0) return false;
  const line = lines.position(offset).line;
  return directives.some((d) => d.code === code && lines.position(d.offset).line + (d.standalone ? 1 : 0) === line);
}

interface BaselineFile {
  version: 1;
  tool: 'secretref';
  /** One row per accepted finding: its fingerprint, and where it was for a reader (never a value). */
  findings: { fingerprint: string; file: string; code: string; path: string }[];
}

/** The fingerprints of a baseline file; throws UsageError (exit 2) when it is missing or not a baseline. */
export function readBaseline(cwd: string, file: string): Set<string> {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(path.resolve(cwd, file), 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'not JSON';
    throw new UsageError(`cannot read the baseline ${file} (${reason}); create it with --update-baseline --baseline ${file}`);
  }
  const findings = (value as Partial<BaselineFile> | null)?.findings;
  if (!Array.isArray(findings) || !findings.every((f) => typeof (f as { fingerprint?: unknown })?.fingerprint === 'string')) {
    throw new UsageError(`${file} is not a secretref baseline (expected {"findings": [{"fingerprint": ...}]})`);
  }
  return new Set(findings.map((f) => f.fingerprint));
}

/** Writes the findings as the baseline (sorted, so the file diffs well). */
export function writeBaseline(cwd: string, file: string, findings: readonly CheckFinding[]): void {
  const baseline: BaselineFile = {
    version: 1,
    tool: 'secretref',
    findings: findings
      .map(({ fingerprint, file, code, path }) => ({ fingerprint, file, code, path }))
      .sort((a, b) => a.file.localeCompare(b.file) || a.fingerprint.localeCompare(b.fingerprint)),
  };
  fs.writeFileSync(path.resolve(cwd, file), `${JSON.stringify(baseline, null, 2)}\n`);
}
