// Worker process for the `feeds` queue group (feed syncs), as `kanshi worker --queues feeds`:
// `node dist/workers/feeds.worker.js` with REDIS_URL and DATABASE_URL set.
import { workerCommand } from '../src/cli/commands/start.command.ts';
import { loadConfig } from '../src/config/index.ts';

await workerCommand(loadConfig(), ['feeds']);
