export { buildPurl, canonicalizePurl, formatPurl, parsePurl, type Purl, type PurlInput } from './purl.ts';
export { normalizePackageName, osvToPurl, purlToOsv, type OsvPackage } from './osv.ts';
