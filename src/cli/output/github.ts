// `check --format github`: one GitHub Actions workflow command per finding
// (`::error file=…,line=…,col=…,title=…::message`), which the runner shows as an annotation on the
// pull request's diff.
import type { CheckFinding } from '../policy';

/** Escapes a command's message (data). */
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Escapes a command's property value. */
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

export function githubAnnotations(findings: readonly CheckFinding[]): string {
  return findings
    .map(
      (f) =>
        `::${COMMAND[f.severity]} file=${property(f.file)},line=${f.line},col=${f.column},title=${property(`secretref ${f.code}`)}::${data(f.message)}`,
    )
    .join('\n');
}
