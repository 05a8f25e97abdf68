// Worker process for the `ingest` queue group (SBOM ingest), as `kanshi worker --queues ingest`:
// `node dist/workers/ingest.worker.js` with REDIS_URL and DATABASE_URL set.
import { workerCommand } from '../src/cli/commands/start.command.ts';
import { loadConfig } from '../src/config/index.ts';

await workerCommand(loadConfig(), ['ingest']);
