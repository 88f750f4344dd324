import { defineScenario } from '../../../harness/api/index.js';

const unsupportedReason =
  'Prisma has no COPY API and does not hand out its connection: $executeRaw can send COPY … FROM STDIN but not the data that must follow it, and @prisma/adapter-pg keeps its pg.Pool private.';

export default defineScenario({
  name: 'import/prisma/copy',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'prisma', strategy: 'copy' },
  version: 1,
  support: 'unsupported',
  description: 'COPY … FROM STDIN streamed from the generator.',
  unsupportedReason,
  async setup() {
    throw new Error(`not supported: ${unsupportedReason}`);
  },
});
