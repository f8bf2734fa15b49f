// One list of demo steps: what `npm run demo` prints (test/runners/demoSteps.ts) is what the README,
// demo/README.md and the getting-started walkthrough show, in the same order.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_STEPS } from '../runners/demoSteps';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The bold-or-plain titles of the numbered list under `heading` in a Markdown file. */
function numberedTitles(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(heading);
  assert.ok(start >= 0, `"${heading}" is in the file`);
  const section = markdown.slice(start + heading.length).split(/\n#{1,6} /)[0];
  return [...section.matchAll(/^\d+\. (?:\*\*)?([^.*]+)\.(?:\*\*)?/gm)].map((m) => m[1].trim());
}

describe('demo steps: one list', () => {
  const titles = DEMO_STEPS.map((step) => step.title);

  it('README "The demo, step by step" has the same steps', () => {
    assert.deepEqual(numberedTitles(read('README.md'), '### The demo, step by step'), titles);
  });

  it('demo/README.md "What to try" has the same steps', () => {
    assert.deepEqual(numberedTitles(read('demo/README.md'), '## What to try'), titles);
  });

  it('the walkthrough has the same steps, each with its markdown', () => {
    const manifest = JSON.parse(read('package.json')) as {
      contributes: { walkthroughs: { steps: { id: string; title: string; media: { markdown: string } }[] }[] };
    };
    const steps = manifest.contributes.walkthroughs[0].steps;
    assert.deepEqual(
      steps.map((s) => s.title),
      titles,
    );
    assert.deepEqual(
      steps.map((s) => s.id),
      DEMO_STEPS.map((s) => s.walkthroughStep),
    );
    for (const step of steps) assert.equal(read(step.media.markdown).split('\n')[0], `# ${step.title}`, step.media.markdown);
  });
});
