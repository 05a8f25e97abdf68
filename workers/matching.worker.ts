// Worker process for the `matching` queue group (forward and reverse matching), as `kanshi worker --queues matching`:
// `node dist/workers/matching.worker.js` with REDIS_URL and DATABASE_URL set.
import { workerCommand } from '../src/cli/commands/start.command.ts';
import { loadConfig } from '../src/config/index.ts';

await workerCommand(loadConfig(), ['matching']);
