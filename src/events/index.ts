export type { EventData, EventType, NewEvent, StoredEvent } from './event-types.ts';
export {
  appendEvents,
  completeTask,
  eventWorkState,
  eventsAfter,
  lockCursor,
  moveCursor,
  pendingTasks,
  publishedAfter,
  publishPending,
} from './outbox.repo.ts';
export { EventRelay, type EventConsumer, type EventStreamConsumer, type JobRequest } from './relay.service.ts';
export { createEventsModule } from './events.module.ts';
