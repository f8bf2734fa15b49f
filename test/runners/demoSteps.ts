// The demo's steps: one list, printed by `npm run demo`, and kept the same (titles, order) in the
// README's "The demo, step by step", demo/README.md's "What to try" and the walkthrough in
// package.json; test/unit/demoSteps.test.ts checks all four agree.
export interface DemoStep {
  title: string;
  /** What to do in the demo workspace, one or two sentences. */
  try: string;
  /** The walkthrough step (package.json `contributes.walkthroughs[0].steps[].id`) with the same title. */
  walkthroughStep: string;
}

export const DEMO_STEPS: readonly DemoStep[] = [
  {
    title: 'Add a store',
    try: 'Activity bar › Secret References: the Secret Stores view already lists demo-vault (OpenBao) and demo-aws (moto), signed in through the environment; "Add Store" adds your own.',
    walkthroughStep: 'addStore',
  },
  {
    title: 'Hover a reference',
    try: 'prod.snowflake.json: hover vault.secret(demo-vault:demo/snowflake.password): store, path, key and a masked value; "Reveal for 5 s" shows it, then it is masked again.',
    walkthroughStep: 'referenceSecret',
  },
  {
    title: 'Complete fields',
    try: 'events.mysql.json: on a new line after "host", press Ctrl+Space: the missing mysql fields, required first; accept "port" and an integer is inserted.',
    walkthroughStep: 'completeFields',
  },
  {
    title: 'See problems',
    try: 'warehouse.redshift.json: change "5439" to 5439: the Problems panel (Ctrl+Shift+M) says redshift wants a string.',
    walkthroughStep: 'seeProblems',
  },
  {
    title: 'Browse secrets',
    try: 'The Secrets view: expand demo-vault › demo › snowflake; "Filter Secrets"; big folders load 100 at a time ("Load more…").',
    walkthroughStep: 'browseSecrets',
  },
  {
    title: 'Migrate a connection',
    try: 'analytics.postgres.json: run "Secret References: Migrate Connection to a Secret Store…" (F1), pick demo-vault, accept the preview: the password is in OpenBao and the file holds a reference.',
    walkthroughStep: 'migrateConnection',
  },
];
