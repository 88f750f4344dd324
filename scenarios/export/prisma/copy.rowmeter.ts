import { defineScenario } from '../../../harness/api/index.js';

const unsupportedReason =
  'Prisma has no COPY API (prisma/orm#21668) and does not hand out its pg connection; a raw COPY … TO STDOUT runs but its data is dropped.';

export default defineScenario({
  name: 'export/prisma/copy',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'prisma', strategy: 'copy' },
  version: 1,
  support: 'unsupported',
  description: 'Not measured: Prisma gives no way to run COPY … TO STDOUT and read its output.',
  unsupportedReason,
  notes: [
    "$queryRawUnsafe('COPY … TO STDOUT') returns [] and $executeRawUnsafe the row count: the server streams the whole table and pg ignores the CopyData of an ordinary query (checked).",
    "The adapter's pg.Pool (PrismaPgAdapter.underlyingDriver()) is not reachable from PrismaClient. A COPY on a pg.Pool the app creates and also passes to new PrismaPg(pool) would be pg's COPY beside Prisma, which pg/copy measures.",
  ],
  async setup() {
    throw new Error(`not supported: ${unsupportedReason}`);
  },
});
