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
 * `.github/workflows/rowmeter.yml`: bench in shards (a matrix of jobs) on every pull request,
 * merge them, compare with the default branch's last good results (kept in the Actions cache),
 * and save new results and durations from the default branch's complete, passing runs.
 */
export function workflowSource(): string {
  return `# rowmeter: memory and time of the jobs in rowmeter/*.rowmeter.ts (written by \`rowmeter init\`).
# The benchmark runs in shards side by side (the bench jobs, \`rowmeter bench --shard i/n\`); the
# merge job joins them into one results.json and report (\`rowmeter merge\`) and compares it with
# the default branch's last good results, kept in the Actions cache as baseline/results.json.
# The run fails on a failed run or a budget exceeded (exit 1), a regression against the baseline,
# bad input (2), the database lost or a disk full (3), or a shard that did not finish.
# Only a complete, passing run on the default branch (a push or a nightly run) saves a new
# baseline, and the durations (durations/durations.json) the next runs balance their shards by.
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

env:
  # The number of shards: must equal the length of the bench job's matrix (below).
  SHARDS: 2

jobs:
  bench:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    strategy:
      # A failed shard must not cancel the others: the merge reports what they measured.
      fail-fast: false
      matrix:
        # One job per shard; every scenario at every size runs in exactly one of them. For more
        # (and shorter) shards, list 1 to N here and set SHARDS above to N: e.g. shard: [1, 2, 3, 4]
        # and SHARDS: 4.
        shard: [1, 2]
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

      # The key never matches (it ends with this run's id); restore-keys picks the newest durations.
      # Only the default branch saves them, and its caches are readable from every pull request.
      # None at first: the shards are then split by rowmeter's built-in estimate.
      - name: Restore the durations
        id: durations
        uses: actions/cache/restore@v4
        with:
          path: durations
          key: rowmeter-durations-\${{ github.run_id }}-\${{ github.run_attempt }}
          restore-keys: |
            rowmeter-durations-

      # No --baseline here: a shard holds only part of the benchmark, so the merge job compares.
      # Every shard must get the same options and durations file, or the merge refuses them.
      # Exit 1 (a failed run or a budget exceeded) is left to the merge job, which judges the
      # shards together; anything else fails this shard.
      - name: Benchmark
        id: bench
        run: |
          set +e
          npx rowmeter bench --shard "\${{ matrix.shard }}/$SHARDS" --durations durations/durations.json --out "rowmeter-shard-\${{ matrix.shard }}"
          code=$?
          set -e
          echo "exit-code=$code" >> "$GITHUB_OUTPUT"
          if [ "$code" -gt 1 ]; then exit "$code"; fi
          test -f "rowmeter-shard-\${{ matrix.shard }}/results.json"

      # Also after a failed bench: the merge reports what every shard measured. overwrite, and no
      # run attempt in the name: after "Re-run failed jobs" the merge finds every shard.
      - name: Upload the shard's results
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: rowmeter-shard-\${{ matrix.shard }}-\${{ github.run_id }}
          path: rowmeter-shard-\${{ matrix.shard }}
          if-no-files-found: warn
          overwrite: true
          retention-days: 7

  merge:
    needs: bench
    # Also when a shard failed: the report of what there is helps to find out why.
    if: \${{ !cancelled() }}
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4

      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm

      - run: npm ci

      # Each shard's results land in shards/<artifact name>/; a missing one is the merge's to report.
      - name: Download the shards' results
        continue-on-error: true
        uses: actions/download-artifact@v4
        with:
          pattern: rowmeter-shard-*-\${{ github.run_id }}
          path: shards

      # The key never matches (it ends with this run's id); restore-keys picks the newest baseline.
      - name: Restore the baseline
        id: baseline
        uses: actions/cache/restore@v4
        with:
          path: baseline
          key: rowmeter-baseline-\${{ github.run_id }}-\${{ github.run_attempt }}
          restore-keys: |
            rowmeter-baseline-

      # complete=true only when every shard uploaded results and every bench job passed. Otherwise
      # the merge takes what there is (--allow-partial) so that the report is still written, and
      # the run fails below without saving anything.
      - name: Merge the shards
        id: merge
        env:
          BENCH_RESULT: \${{ needs.bench.result }}
        run: |
          shopt -s nullglob
          dirs=()
          missing=()
          for i in $(seq 1 "$SHARDS"); do
            found=(shards/rowmeter-shard-"$i"-*/results.json)
            if [ "\${#found[@]}" -eq 0 ]; then missing+=("$i/$SHARDS"); fi
            for results in "\${found[@]}"; do dirs+=("$(dirname "$results")"); done
          done
          complete=true
          if [ "\${#missing[@]}" -gt 0 ] || [ "$BENCH_RESULT" != success ]; then complete=false; fi
          echo "complete=$complete" >> "$GITHUB_OUTPUT"
          echo "missing=\${missing[*]}" >> "$GITHUB_OUTPUT"
          if [ "\${#dirs[@]}" -eq 0 ]; then
            echo "::error title=No shard results::No shard uploaded a results.json; see the bench jobs."
            exit 1
          fi
          args=("\${dirs[@]}" --out rowmeter-results)
          if [ "$complete" = false ]; then args+=(--allow-partial); fi
          set +e
          npx rowmeter merge "\${args[@]}"
          code=$?
          set -e
          echo "exit-code=$code" >> "$GITHUB_OUTPUT"
          # 1 (a failed run, a budget exceeded, an incomplete merge) is judged after the comparison
          # and the report; 2 (shards duplicated, missing, or of different benchmarks) fails here.
          if [ "$code" -gt 1 ]; then exit "$code"; fi
          test -f rowmeter-results/results.json

      - name: Compare with the baseline
        id: compare
        run: |
          if [ ! -f baseline/results.json ]; then
            echo "No baseline yet: the default branch's first complete, passing run becomes it." >> "$GITHUB_STEP_SUMMARY"
            exit 0
          fi
          npx rowmeter compare baseline/results.json rowmeter-results/results.json --markdown "$GITHUB_STEP_SUMMARY"

      - name: Job summary
        if: \${{ !cancelled() }}
        run: |
          if [ -f rowmeter-results/summary.md ]; then cat rowmeter-results/summary.md >> "$GITHUB_STEP_SUMMARY"; fi

      - name: Upload the results
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: rowmeter-results-\${{ github.run_id }}-\${{ github.run_attempt }}
          path: rowmeter-results
          if-no-files-found: warn

      # The merge let exit 1 through so that the comparison and the report came first.
      - name: Judge the run
        env:
          COMPLETE: \${{ steps.merge.outputs.complete }}
          MISSING: \${{ steps.merge.outputs.missing }}
          MERGE_EXIT: \${{ steps.merge.outputs.exit-code }}
        run: |
          if [ "$COMPLETE" != true ]; then
            echo "::error title=Incomplete run::Shards missing ($MISSING) or a bench job failed; the report shows what there is."
            exit 1
          fi
          if [ "$MERGE_EXIT" != 0 ]; then
            echo "::error title=Failed runs::A run failed or a budget was exceeded; see the report."
            exit 1
          fi

      # Only a complete run on the default branch whose merge passed and whose comparison found no
      # regression. Scheduled runs are always on the default branch (their event has no repository).
      - name: Make these results the baseline
        if: \${{ success() && github.event_name != 'pull_request' && (github.event_name == 'schedule' || github.ref_name == github.event.repository.default_branch) && steps.merge.outputs.complete == 'true' && steps.merge.outputs.exit-code == '0' && steps.compare.outcome == 'success' }}
        run: |
          mkdir -p baseline durations
          cp rowmeter-results/results.json baseline/results.json
          cp rowmeter-results/durations.json durations/durations.json

      - name: Save the baseline
        if: \${{ success() && github.event_name != 'pull_request' && (github.event_name == 'schedule' || github.ref_name == github.event.repository.default_branch) && steps.merge.outputs.complete == 'true' && steps.merge.outputs.exit-code == '0' && steps.compare.outcome == 'success' }}
        uses: actions/cache/save@v4
        with:
          path: baseline
          key: \${{ steps.baseline.outputs.cache-primary-key }}

      # Under the key the shards restore by (the bench job's restore-keys).
      - name: Save the durations
        if: \${{ success() && github.event_name != 'pull_request' && (github.event_name == 'schedule' || github.ref_name == github.event.repository.default_branch) && steps.merge.outputs.complete == 'true' && steps.merge.outputs.exit-code == '0' && steps.compare.outcome == 'success' }}
        uses: actions/cache/save@v4
        with:
          path: durations
          key: rowmeter-durations-\${{ github.run_id }}-\${{ github.run_attempt }}
`;
}
