import { z } from 'zod';

/**
 * The parts of an OSV record (ossf/osv-schema 1.x) that Kanshi keeps. The schema lets most
 * fields be null as well as absent; both read as empty here.
 */
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

const severity = z.object({ type: z.string(), score: z.string() });

const event = z.union([
  z.object({ introduced: z.string() }).strict(),
  z.object({ fixed: z.string() }).strict(),
  z.object({ last_affected: z.string() }).strict(),
  z.object({ limit: z.string() }).strict(),
]);

const range = z.object({
  type: z.enum(['SEMVER', 'ECOSYSTEM', 'GIT']),
  repo: z.string().optional(),
  events: z.array(event).min(1),
});

const affected = z.object({
  package: z.object({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().optional() }).optional(),
  ranges: list(range),
  versions: list(z.string()),
  severity: list(severity),
});

export const osvRecordSchema = z.object({
  id: z.string().min(1),
  modified: z.string(),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: list(z.string()),
  related: list(z.string()),
  upstream: list(z.string()),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: list(severity),
  affected: list(affected),
  references: list(z.object({ type: z.string().optional(), url: z.string() })),
  database_specific: z
    .object({
      severity: z.string().nullish(),
      cwe_ids: list(z.string()),
      /** curl's records write `{id, desc}` here instead of `cwe_ids`. */
      CWE: z.object({ id: z.string() }).optional().catch(undefined),
    })
    .nullish()
    .transform((v) => v ?? { cwe_ids: [] }),
});

export type OsvRecord = z.infer<typeof osvRecordSchema>;
export type OsvSeverity = z.infer<typeof severity>;
export type OsvAffected = z.infer<typeof affected>;
