export { buildPurl, canonicalizePurl, formatPurl, parsePurl, type Purl, type PurlInput } from './purl.ts';
