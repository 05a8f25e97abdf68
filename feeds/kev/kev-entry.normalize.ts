import { z } from 'zod';
import { ok, type Result } from '../../src/core/result.ts';
import type { FeedRecord, KevEntry } from '../../src/vulns/index.ts';
import type { RawRecord } from '../feed-adapter.ts';
import { parseWith } from '../json-input.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not a YYYY-MM-DD date');
const text = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/** One entry of the catalog, as `cisagov/kev-data`'s schema describes it. */
const kevEntrySchema = z.object({
  cveID: z.string().regex(/^CVE-\d{4}-\d{4,}$/, 'not a CVE id'),
  vendorProject: z.string(),
  product: z.string(),
  vulnerabilityName: z.string(),
  dateAdded: day,
  dueDate: day.optional(),
  requiredAction: text,
  knownRansomwareCampaignUse: z.enum(['Known', 'Unknown']),
  notes: text,
  cwes: z.array(z.string()).default([]),
});

export function normalizeKevEntry(raw: RawRecord): Result<FeedRecord[]> {
  const parsed = parseWith(kevEntrySchema, raw.data, 'KEV_INVALID_ENTRY');
  if (!parsed.ok) return parsed;
  const e = parsed.value;
  const entry: KevEntry = {
    cve: e.cveID,
    vendorProject: e.vendorProject,
    product: e.product,
    name: e.vulnerabilityName,
    dateAdded: e.dateAdded,
    knownRansomwareCampaignUse: e.knownRansomwareCampaignUse,
    cwes: e.cwes.filter((c) => /^CWE-\d+$/.test(c)),
  };
  if (e.dueDate) entry.dueDate = e.dueDate;
  if (e.requiredAction) entry.requiredAction = e.requiredAction;
  if (e.notes) entry.notes = e.notes;
  return ok([{ kind: 'kev', entry }]);
}
