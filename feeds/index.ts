export { builtInAdapters } from './adapters.ts';
export { createFeedsModule, type FeedsModule, type FeedStatus, type QuarantinedRecord, type SyncReport } from './feeds.module.ts';
export { allFeedStates } from './sync/feed-state.repo.ts';
export { allowList, checkUrl, guardedLookup, type PrivateNetworks } from './http/address-guard.ts';
export { retryAfterMs } from './http/http-client.ts';
