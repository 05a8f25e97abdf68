// Worker process for the `delivery` queue group (alert planning, sending, retries), as `kanshi worker --queues delivery`:
// `node dist/workers/delivery.worker.js` with REDIS_URL and DATABASE_URL set.
import { workerCommand } from '../src/cli/commands/start.command.ts';
import { loadConfig } from '../src/config/index.ts';

await workerCommand(loadConfig(), ['delivery']);
