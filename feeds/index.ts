export { builtInAdapters } from './adapters.ts';
export { createFeedsModule, type FeedsModule, type FeedStatus } from './feeds.module.ts';
export { allFeedStates } from './sync/feed-state.repo.ts';
