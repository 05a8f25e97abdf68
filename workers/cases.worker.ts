// Worker process for the `cases` queue group (cases from the outbox, SLA sweep, re-prioritising), as
// `kanshi worker --queues cases`: `node dist/workers/cases.worker.js` with REDIS_URL and DATABASE_URL set.
import { workerCommand } from '../src/cli/commands/start.command.ts';
import { loadConfig } from '../src/config/index.ts';

await workerCommand(loadConfig(), ['cases']);
