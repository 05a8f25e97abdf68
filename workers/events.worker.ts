// Worker process for the `events` queue group (the outbox relay), as `kanshi worker --queues events`:
// `node dist/workers/events.worker.js` with REDIS_URL and DATABASE_URL set.
import { workerCommand } from '../src/cli/commands/start.command.ts';
import { loadConfig } from '../src/config/index.ts';

await workerCommand(loadConfig(), ['events']);
