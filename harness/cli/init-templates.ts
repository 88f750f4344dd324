/**
 * The config and the GitHub workflow `rowmeter init` writes. Kept as plain text, as the user
 * will read and edit them: comments explain what to change.
 */

/** The placeholder table name: valid SQL, and plainly something to change. */
export const PLACEHOLDER_TABLE = 'my_table';

/** `rowmeter.config.ts` for a project whose example scenario reads {@link PLACEHOLDER_TABLE}. */
export function configSource(): string {
  return `import { defineConfig, defineTable } from 'rowmeter';

export default defineConfig({
  tables: [
    // TODO: put the name of your table here ('accounts' or 'schema.accounts'), and the same
    // name in the \`table\` of your scenarios (rowmeter/*.rowmeter.ts).
    // existing: true means the table is on your server: rowmeter never writes to it. It copies
    // the table's definition and its first \`rows\` rows (by primary key) into a rowmeter_
    // template database once, and every run gets its own fresh copy of that.
    defineTable({ name: '${PLACEHOLDER_TABLE}', existing: true }),
  ],
  // The server holding the table: \`databaseUrl\` here, else the DATABASE_URL environment
  // variable (keep passwords out of this file: set DATABASE_URL, or read your own variable,
  // e.g. databaseUrl: process.env.ROWMETER_DATABASE_URL). With neither, rowmeter starts its own
  // embedded PostgreSQL, which only has the built-in seeded table rowmeter_rows.
  // databaseUrl: 'postgres://user:password@localhost:5432/mydb',

  // Rows of the table to measure on (\`--rows\` overrides): '50k', or several sizes ['10k', '100k'].
  rows: '50k',
  // Runs per scenario and size; budgets are judged on their median.
  repeat: 3,
  // A scenario over budget makes \`rowmeter bench\` exit 1 (a scenario's own budget merges over this).
  budget: { peakRss: '256 MiB' },
});
`;
}

/**
 * `.github/workflows/rowmeter.yml`: bench on every pull request against the default branch's
 * last good results (kept in the Actions cache), and save new results from the default branch.
 */
export function workflowSource(): string {
  return `# rowmeter: memory and time of the jobs in rowmeter/*.rowmeter.ts (written by \`rowmeter init\`).
# Pull requests are compared with the default branch's last good results, kept in the Actions
# cache as baseline/results.json; pushes and nightly runs on the default branch save new ones.
# The job fails when \`rowmeter bench\` exits non-zero: a failed run, a budget exceeded, a
# regression against the baseline (1), bad input (2), the database lost or a disk full (3).
name: rowmeter

on:
  pull_request:
  push:
    branches: [main] # your default branch
  schedule:
    - cron: '23 4 * * *'
  workflow_dispatch:

permissions:
  contents: read

jobs:
  bench:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    env:
      # Empty: rowmeter starts its own PostgreSQL, which has only its built-in seeded table.
      # To measure your existing table, store a connection string to a server that has it as
      # the repository secret ROWMETER_DATABASE_URL (secrets are empty on pull requests from forks).
      DATABASE_URL: \${{ secrets.ROWMETER_DATABASE_URL }}
    # Or a PostgreSQL service container, loaded with your table by a step before the bench
    # (then DATABASE_URL: postgres://postgres:postgres@localhost:5432/postgres):
    # services:
    #   postgres:
    #     image: postgres:17
    #     env:
    #       POSTGRES_PASSWORD: postgres
    #     ports:
    #       - 5432:5432
    #     options: --health-cmd pg_isready --health-interval 5s --health-retries 20
    steps:
      - uses: actions/checkout@v4

      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm

      - run: npm ci

      # The key never matches (it ends with this run's id); restore-keys picks the newest baseline.
      # Only the default branch saves one, and its caches are readable from every pull request.
      - name: Restore the baseline
        id: baseline
        uses: actions/cache/restore@v4
        with:
          path: baseline
          key: rowmeter-baseline-\${{ github.run_id }}-\${{ github.run_attempt }}
          restore-keys: |
            rowmeter-baseline-

      - name: Benchmark
        id: bench
        run: |
          args=(--out rowmeter-results)
          if [ -f baseline/results.json ]; then args+=(--baseline baseline/results.json); fi
          npx rowmeter bench "\${args[@]}"

      - name: Job summary
        if: always()
        run: |
          if [ -f rowmeter-results/summary.md ]; then cat rowmeter-results/summary.md >> "$GITHUB_STEP_SUMMARY"; fi

      - name: Upload the results
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: rowmeter-results-\${{ github.run_id }}-\${{ github.run_attempt }}
          path: rowmeter-results
          if-no-files-found: warn

      # Only results that passed (no failed run, budget or regression) become the baseline.
      - name: Make these results the baseline
        if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch && steps.bench.outcome == 'success'
        run: |
          mkdir -p baseline
          cp rowmeter-results/results.json baseline/results.json

      - name: Save the baseline
        if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch && steps.bench.outcome == 'success'
        uses: actions/cache/save@v4
        with:
          path: baseline
          key: \${{ steps.baseline.outputs.cache-primary-key }}
`;
}
