export { buildPurl, canonicalizePurl, formatPurl, parsePurl, type Purl, type PurlInput } from './purl.ts';
export { normalizePackageName, OS_PURL_TYPES, osvPackageOf, osvToPurl, purlToOsv, ROLLING_ECOSYSTEMS, type OsvPackage } from './osv.ts';
export { sourcePackageOf, type SourcePackage } from './source-package.ts';
