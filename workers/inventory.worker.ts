// Worker process for the `inventory` queue group (retention), as `kanshi worker --queues inventory`:
// `node dist/workers/inventory.worker.js` with REDIS_URL and DATABASE_URL set.
import { workerCommand } from '../src/cli/commands/start.command.ts';
import { loadConfig } from '../src/config/index.ts';

await workerCommand(loadConfig(), ['inventory']);
