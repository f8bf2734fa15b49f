// Each red-team suite (CLI in the live layer, editor in the integration layer) leaves its count in the
// run folder; the runner adds them up into one summary line for the CI output.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RedTeamTally {
  suite: string;
  configurations: number;
  reached: number;
}

const PREFIX = 'redteam-';

export function recordRedTeam(runDir: string, tally: RedTeamTally): void {
  fs.writeFileSync(path.join(runDir, `${PREFIX}${tally.suite}.json`), JSON.stringify(tally));
}

/** `red-team: 38 hostile configurations (cli 20, editor 18), 0 reached the recorder`, or undefined when none ran. */
export function redTeamSummary(runDir: string): string | undefined {
  if (!fs.existsSync(runDir)) return undefined;
  const tallies = fs
    .readdirSync(runDir)
    .filter((name) => name.startsWith(PREFIX) && name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(runDir, name), 'utf8')) as RedTeamTally);
  if (tallies.length === 0) return undefined;
  const total = tallies.reduce((n, t) => n + t.configurations, 0);
  const reached = tallies.reduce((n, t) => n + t.reached, 0);
  return `red-team: ${total} hostile configurations (${tallies.map((t) => `${t.suite} ${t.configurations}`).join(', ')}), ${reached} reached the recorder`;
}
