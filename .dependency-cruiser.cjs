// Module boundaries, checked by `npm run lint` (README "Development" explains them).
//
// - src/<domain>/ reaches another domain only through src/<other>/index.ts. src/core is the
//   exception: a kernel of independent leaf modules (result, errors, clock, logger, …) imported
//   file by file, so pure code can take `result.ts` without loading pino or node:fs; it imports
//   no other domain itself.
// - feeds/ is one domain too: src/ reaches it through feeds/index.ts; feeds/ reaches src/
//   through the domains' index.ts (src/core file by file). Inside feeds/, the top-level files,
//   http/ and sync/ are shared; each source folder (nvd, osv, jvn, csaf, kev, epss) is private
//   and is reached from outside only through its <source>.adapter.ts; sources never import each
//   other (what two share moves up to feeds/).
// - src/ids and the pure matchers import no I/O: no db, jobs, HTTP, fastify, pg, PGlite, BullMQ,
//   node:fs or node:net. src/ids imports nothing from vulns. For src/ids this holds transitively.
// - Routes build no SQL (no drizzle-orm): they call repositories and services.
// - The dashboard (web/) imports nothing of the daemon: it talks to it through /api/v1.
// - No circular dependencies.
// Tests and their fixtures (*.test.ts, testdata/) may reach into any module.

/** @typedef {import('dependency-cruiser').IForbiddenRuleType} Rule */

const TESTS = ['\\.test\\.ts$', '/testdata/'];

/**
 * The one exception to "through index.ts": the CLI takes the pure report module (scan's
 * table and SARIF) file by file, since the single-file CI build (src/cli/ci-run.ts) must not
 * bundle the matching domain's index (database, workers, native parsers).
 */
const SCAN_REPORT_FOR_CLI = '^src/matching/scan-report\\.ts$';

const PURE_MATCHERS = '^src/matching/([^/]+\\.matcher|match|matcher|match\\.model|range-verdict|scan-report)\\.ts$';

const IO = [
  '^src/(db|jobs|api|runtime)/',
  '\\.(repo|routes|service|module|worker)\\.ts$',
  'node_modules/(fastify|@fastify/.+|fastify-.+|pg|pg-.+|@electric-sql/pglite|bullmq|ioredis|undici|drizzle-orm)/',
  '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|child_process|worker_threads)$',
];

/** @type {Rule[]} */
const rules = [
  {
    name: 'domain-through-index',
    comment: 'src/<domain> reaches another domain only through its index.ts (src/core: file by file)',
    severity: 'error',
    from: { path: '^src/((?!cli/)[^/]+)/', pathNot: TESTS },
    to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/core/'] },
  },
  {
    name: 'cli-through-index',
    comment: 'src/cli reaches another domain only through its index.ts, except the pure report module (see SCAN_REPORT_FOR_CLI)',
    severity: 'error',
    from: { path: '^src/cli/', pathNot: TESTS },
    to: { path: '^src/(?!cli/)[^/]+/', pathNot: ['^src/[^/]+/index\\.ts$', '^src/core/', SCAN_REPORT_FOR_CLI] },
  },
  {
    name: 'core-is-a-leaf',
    comment: 'src/core is the kernel every domain uses; it uses none of them',
    severity: 'error',
    from: { path: '^src/core/' },
    to: { path: ['^src/(?!core/)', '^feeds/'] },
  },
  {
    name: 'feeds-to-src-through-index',
    comment: 'feeds/ reaches a src/ domain only through its index.ts (src/core: file by file)',
    severity: 'error',
    from: { path: '^feeds/', pathNot: TESTS },
    to: { path: '^src/[^/]+/', pathNot: ['^src/[^/]+/index\\.ts$', '^src/core/'] },
  },
  {
    name: 'src-to-feeds-through-index',
    comment: 'src/ reaches feeds/ only through feeds/index.ts',
    severity: 'error',
    from: { path: '^src/', pathNot: TESTS },
    to: { path: '^feeds/', pathNot: '^feeds/index\\.ts$' },
  },
  {
    name: 'feeds-no-cross-source',
    comment: 'a feed source never imports another source; what two share moves up to feeds/',
    severity: 'error',
    from: { path: '^feeds/((?!http/|sync/)[^/]+)/', pathNot: TESTS },
    to: { path: '^feeds/(?!http/|sync/)[^/]+/', pathNot: '^feeds/$1/' },
  },
  {
    name: 'feeds-source-private',
    comment: 'a feed source folder is reached from outside only through its <source>.adapter.ts',
    severity: 'error',
    from: { path: '^feeds/([^/]+)', pathNot: TESTS },
    to: { path: '^feeds/(?!http/|sync/)[^/]+/', pathNot: ['^feeds/$1/', '^feeds/([^/]+)/\\1\\.adapter\\.ts$'] },
  },
  {
    name: 'routes-no-queries',
    comment: "routes build no SQL: they call their domain's repositories and services, and read other domains through their index.ts",
    severity: 'error',
    from: { path: '\\.routes\\.ts$', pathNot: TESTS },
    to: { path: 'node_modules/drizzle-orm/' },
  },
  {
    name: 'ids-not-to-vulns',
    comment: 'src/ids sits below the vulnerability model: the notations it evaluates live in src/ids',
    severity: 'error',
    from: { path: '^src/ids/' },
    to: { path: '^src/vulns/' },
  },
  {
    name: 'ids-pure',
    comment: 'src/ids is pure, all the way down: no db, jobs, HTTP, drivers, file system or network',
    severity: 'error',
    from: { path: '^src/ids/', pathNot: TESTS },
    to: { path: IO, reachable: true },
  },
  {
    name: 'matchers-pure',
    comment: 'the matchers are pure functions: lookups happen outside and are passed in',
    severity: 'error',
    from: { path: PURE_MATCHERS },
    to: { path: IO },
  },
  {
    name: 'no-circular',
    comment: 'a cycle makes the load order matter and the layers meaningless; one closed only by type imports is erased at compile time',
    severity: 'error',
    from: {},
    to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
  },
  {
    name: 'not-to-test',
    comment: 'production code does not depend on tests or their fixtures',
    severity: 'error',
    from: { path: '^(src|feeds|bin)/', pathNot: TESTS },
    to: { path: ['\\.test\\.ts$', '/testdata/', '^test/'] },
  },
  {
    name: 'not-to-dev-dep',
    comment:
      'what the daemon imports must be installed in production (npm ci --omit=dev); tsx is resolved only when running from the TypeScript sources (tests), never from dist/',
    severity: 'error',
    from: { path: '^(src|feeds)/', pathNot: TESTS },
    to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: ['node_modules/tsx/'] },
  },
  {
    name: 'dashboard-through-the-api',
    comment: 'the dashboard (web/) talks to the daemon only through the public /api/v1: it imports nothing of the daemon',
    severity: 'error',
    from: { path: '^web/' },
    to: { path: '^(src|feeds|bin|workers|test)/' },
  },
  {
    name: 'not-to-unresolvable',
    comment: 'an import that does not resolve is a typo or a missing dependency',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: rules,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
