import { z } from 'zod';

/**
 * The parts of an NVD CVE API 2.0 `cve` object that Kanshi keeps. Parsed by key (field order
 * inside `cvssData` varies between records); unknown fields are dropped, and every collection
 * the API may leave out defaults to empty.
 */
const cvssData = z.object({
  version: z.string(),
  vectorString: z.string(),
  baseScore: z.number().min(0).max(10),
  baseSeverity: z.string().optional(),
});

const metric = z.object({
  source: z.string(),
  type: z.enum(['Primary', 'Secondary']),
  cvssData,
  /** CVSS v2 puts the rating beside `cvssData`, not inside it. */
  baseSeverity: z.string().optional(),
});

const cpeMatch = z.object({
  vulnerable: z.boolean(),
  criteria: z.string().startsWith('cpe:2.3:'),
  versionStartIncluding: z.string().optional(),
  versionStartExcluding: z.string().optional(),
  versionEndIncluding: z.string().optional(),
  versionEndExcluding: z.string().optional(),
});

const node = z.object({
  operator: z.enum(['AND', 'OR']),
  negate: z.boolean().default(false),
  cpeMatch: z.array(cpeMatch),
});

const configuration = z.object({
  operator: z.enum(['AND', 'OR']).default('OR'),
  negate: z.boolean().default(false),
  nodes: z.array(node),
});

const langText = z.object({ lang: z.string(), value: z.string() });

export const nvdCveSchema = z.object({
  id: z.string().regex(/^CVE-\d{4}-\d{4,}$/, 'not a CVE id'),
  published: z.string(),
  lastModified: z.string(),
  vulnStatus: z.string(),
  cveTags: z.array(z.object({ tags: z.array(z.string()).default([]) })).default([]),
  descriptions: z.array(langText).default([]),
  metrics: z
    .object({
      cvssMetricV40: z.array(metric).default([]),
      cvssMetricV31: z.array(metric).default([]),
      cvssMetricV30: z.array(metric).default([]),
      cvssMetricV2: z.array(metric).default([]),
    })
    .default({ cvssMetricV40: [], cvssMetricV31: [], cvssMetricV30: [], cvssMetricV2: [] }),
  weaknesses: z.array(z.object({ description: z.array(langText) })).default([]),
  configurations: z.array(configuration).default([]),
  references: z.array(z.object({ url: z.string(), tags: z.array(z.string()).default([]) })).default([]),
});

export type NvdCve = z.infer<typeof nvdCveSchema>;
export type NvdMetric = z.infer<typeof metric>;
