/**
 * A node:test reporter that writes one JSON line per finished test: its file and name. The test
 * runner (scripts/run-tests.mjs) reads these to prove that every test file registered tests:
 * Node reports each file as a test of its own (named after the file), which passes even when
 * the file exits before registering anything, so only tests named otherwise count.
 */
export default async function* fileReporter(source) {
  for await (const event of source) {
    if (event.type === 'test:pass' || event.type === 'test:fail') {
      yield `${JSON.stringify({ file: event.data.file ?? null, name: event.data.name, passed: event.type === 'test:pass', skipped: Boolean(event.data.skip) })}\n`;
    }
  }
}
