/**
 * The configuration file's schema and its built-in defaults.
 *
 * zod is loaded on first use, not at start-up: its modules take 0.1-0.2 s to load, which every short-lived
 * process (a `kratomlit search` from a script) would pay even when there is no configuration file to
 * validate. Such a process runs on {@link CONFIG_DEFAULTS}; the schema takes its defaults from the same
 * constant, and a test checks that the schema applied to `{}` gives exactly that constant. The MCP server's
 * tools import zod's ES module build for the MCP SDK; with a config file that process loads both builds
 * (about 0.1 s more, once, in a long-running process).
 */
import { createRequire } from 'node:module';
import type { z } from 'zod';
import { deliverySchemaOf } from './delivery/config.js';
import { isValidTimeZone } from './zone.js';

/** The zod namespace, as `import { z } from 'zod'` gives it. */
export type Zod = typeof z;

let loaded: Zod | undefined;

/** zod, loaded synchronously the first time it is asked for (its CommonJS build: config loading is synchronous). */
export function zod(): Zod {
  return (loaded ??= (createRequire(import.meta.url)('zod') as { z: Zod }).z);
}

/** NCBI's E-utilities root; `EUTILS_BASE_URL` overrides it (the tests and the offline demo use a loopback server). */
export const NCBI_EUTILS = 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils/';

/** `o` and everything it holds, frozen. */
export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** The configuration when there is no file: every default of the schema below, in one frozen value. */
export const CONFIG_DEFAULTS = deepFreeze({
  db: 'db/kratomlit.sqlite',
  topics: [
    {
      name: 'mitragynine',
      query:
        'mitragynine[nm] OR mitragynine[tiab] OR mitragynin[tiab] OR "mitragynine pseudoindoxyl"[tiab] OR speciogynine[tiab]',
      description: 'The main kratom alkaloid: pharmacology, toxicology, analytics, clinical reports',
    },
    {
      name: '7-hydroxymitragynine',
      query:
        '"7-hydroxymitragynine"[nm] OR "7-hydroxymitragynine"[tiab] OR "7 hydroxymitragynine"[tiab] OR "7-OH-mitragynine"[tiab] OR "7-OH mitragynine"[tiab] OR "7-OH-MG"[tiab] OR 7-OHMG[tiab]',
      description: 'The potent oxidized metabolite and the "7-OH" products sold on its own',
    },
  ],
  eutils: {
    baseUrl: NCBI_EUTILS,
    tool: 'kratomlit',
    email: null,
    requestsPerSecond: null,
    batchSize: 200,
    attemptTimeoutMs: 60_000,
    maxElapsedMs: 300_000,
    maxRetryAfterMs: 120_000,
  },
  ingest: { overlapDays: 3, auditEveryDays: 7, schedule: { cron: '30 22 * * *', timezone: 'America/New_York' } },
  digest: {
    outDir: 'digests',
    timezone: 'UTC',
    perTopicCap: 25,
    feedWeeks: 12,
    siteUrl: null,
    schedule: { cron: '0 7 * * 1', timezone: 'UTC' },
  },
  search: { indexPath: null },
  delivery: { email: null },
  evidence: { overrides: null },
});

/** The schema of kratomlit.config.json, built from a zod namespace; its JSON Schema is written at build time. */
function schemaOf(z: Zod) {
  const D = CONFIG_DEFAULTS;
  // Checked when the file is read, as every other value: a misspelt zone must stop `status` and `schedule`
  // at start-up, not the weekly digest job days later.
  const zone = (d: string, describe: string) =>
    z.string().min(1).refine(isValidTimeZone, { error: (issue) => `"${String(issue.input)}" is not an IANA time zone this runtime knows (e.g. America/New_York, UTC)` }).default(d).describe(describe);
  const schedule = (d: { cron: string; timezone: string }) =>
    z.strictObject({
      cron: z.string().min(1).default(d.cron).describe('node-cron expression (5 or 6 fields)'),
      timezone: zone(d.timezone, 'IANA time zone, e.g. America/New_York'),
    });
  const topic = z.strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-", starting with a letter or digit')
      .describe('Short name used in --topic, search filters and digests'),
    query: z.string().min(1).describe('PubMed query (as typed in PubMed search)'),
    description: z.string().optional(),
  });
  return z.strictObject({
    $schema: z.string().optional(),
    db: z.string().min(1).default(D.db).describe('SQLite database path (KRATOMLIT_DB overrides)'),
    topics: z
      .array(topic)
      .min(1)
      .refine((ts) => new Set(ts.map((t) => t.name)).size === ts.length, 'topic names must be unique')
      .default(D.topics),
    eutils: z
      .strictObject({
        baseUrl: z.url().default(D.eutils.baseUrl).describe('E-utilities base URL (EUTILS_BASE_URL overrides)'),
        tool: z.string().min(1).default(D.eutils.tool).describe('tool= sent to NCBI (NCBI_TOOL overrides)'),
        email: z.email().nullable().default(D.eutils.email).describe('email= sent to NCBI (NCBI_EMAIL overrides)'),
        requestsPerSecond: z
          .number()
          .positive()
          .max(10)
          .nullable()
          .default(D.eutils.requestsPerSecond)
          .describe('Default: 3 without an API key, 10 with one; above 3 needs NCBI_API_KEY (NCBI blocks clients that exceed their limit)'),
        batchSize: z.number().int().min(1).max(500).default(D.eutils.batchSize).describe('PMIDs per efetch POST (NCBI: at most 500 recommended)'),
        attemptTimeoutMs: z.number().int().min(100).default(D.eutils.attemptTimeoutMs).describe('Total deadline of one HTTP attempt'),
        maxElapsedMs: z.number().int().min(100).default(D.eutils.maxElapsedMs).describe('Give up on one request after retrying this long'),
        maxRetryAfterMs: z.number().int().min(0).default(D.eutils.maxRetryAfterMs).describe('A longer Retry-After defers the run instead of waiting'),
      })
      .prefault({}),
    ingest: z
      .strictObject({
        overlapDays: z.number().int().min(0).max(60).default(D.ingest.overlapDays).describe('Incremental windows reach back this many days before the last successful run'),
        auditEveryDays: z
          .number()
          .int()
          .min(1)
          .max(90)
          .default(D.ingest.auditEveryDays)
          .describe("Full completeness audit (each topic's whole PubMed set against the library) at least this often; nightly runs check counts"),
        schedule: schedule(D.ingest.schedule).prefault({}),
      })
      .prefault({}),
    digest: z
      .strictObject({
        outDir: z.string().min(1).default(D.digest.outDir),
        timezone: zone(D.digest.timezone, 'Zone that defines the ISO week of a digest'),
        perTopicCap: z.number().int().min(1).max(1000).default(D.digest.perTopicCap),
        feedWeeks: z.number().int().min(1).max(520).default(D.digest.feedWeeks),
        siteUrl: z
          .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://example.org/digests/' })
          .nullable()
          .default(D.digest.siteUrl)
          .describe('Public base URL where the digest folder is served; makes the Atom feed links absolute'),
        schedule: schedule(D.digest.schedule).prefault({}),
      })
      .prefault({}),
    search: z
      .strictObject({
        indexPath: z.string().min(1).nullable().default(D.search.indexPath).describe('Default: the database path + ".index"'),
      })
      .prefault({}),
    delivery: deliverySchemaOf(z),
    evidence: z
      .strictObject({
        overrides: z.string().min(1).nullable().default(D.evidence.overrides).describe('Curator override file (PMID -> design/themes), see docs/evidence.md'),
      })
      .prefault({}),
  });
}

/** The schema's type, without building it. */
export type ConfigFileSchema = ReturnType<typeof schemaOf>;

/** A validated configuration file, defaults filled in. */
export type ConfigFile = z.infer<ConfigFileSchema>;

let schema: ConfigFileSchema | undefined;

/** The configuration file's schema (built, and zod loaded, on the first call). */
export function configFileSchema(): ConfigFileSchema {
  return (schema ??= schemaOf(zod()));
}
