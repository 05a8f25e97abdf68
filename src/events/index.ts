export type { EventData, EventType, NewEvent, StoredEvent } from './event-types.ts';
export { appendEvents, completeTask, eventsAfter, pendingTasks, publishPending } from './outbox.repo.ts';
export { EventRelay, type EventConsumer, type JobRequest } from './relay.service.ts';
export { createEventsModule } from './events.module.ts';
