import { csafAdapter } from './csaf/csaf.adapter.ts';
import { epssAdapter } from './epss/epss.adapter.ts';
import type { FeedAdapter } from './feed-adapter.ts';
import { jvnAdapter } from './jvn/jvn.adapter.ts';
import { kevAdapter } from './kev/kev.adapter.ts';
import { nvdAdapter } from './nvd/nvd.adapter.ts';
import { osvAdapter } from './osv/osv.adapter.ts';

/**
 * Every source Kanshi syncs, in the order a full dump import runs them: advisories first, then
 * KEV and EPSS, which only enrich vulnerabilities already known.
 */
export const builtInAdapters: readonly FeedAdapter[] = [nvdAdapter, osvAdapter, jvnAdapter, csafAdapter, kevAdapter, epssAdapter];
