import type { ScenarioDefinition } from '../../types.js';

const scenario: ScenarioDefinition = {
  workload: 'import',
  library: 'prisma',
  strategy: 'copy',
  version: 1,
  support: 'unsupported',
  how: 'COPY … FROM STDIN streamed from the generator.',
  unsupportedReason:
    'Prisma has no COPY API and does not hand out its connection: $executeRaw can send COPY … FROM STDIN but not the data that must follow it, and @prisma/adapter-pg keeps its pg.Pool private.',
};
export default scenario;
