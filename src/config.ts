import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { deliverySchema } from './delivery/config.js';
import { ConfigError, errorMessage } from './errors.js';

/** NCBI's E-utilities root; `EUTILS_BASE_URL` overrides it (the tests and the offline demo use a loopback server). */
export const NCBI_EUTILS = 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils/';

const scheduleSchema = (cron: string, timezone: string) =>
  z.strictObject({
    cron: z.string().min(1).default(cron).describe('node-cron expression (5 or 6 fields)'),
    timezone: z.string().min(1).default(timezone).describe('IANA time zone, e.g. America/New_York'),
  });

const topicSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-", starting with a letter or digit')
    .describe('Short name used in --topic, search filters and digests'),
  query: z.string().min(1).describe('PubMed query (as typed in PubMed search)'),
  description: z.string().optional(),
});

/** The configuration file's schema; its JSON Schema is written to kratomlit.schema.json at build time. */
export const configFileSchema = z.strictObject({
  $schema: z.string().optional(),
  db: z.string().min(1).default('db/kratomlit.sqlite').describe('SQLite database path (KRATOMLIT_DB overrides)'),
  topics: z
    .array(topicSchema)
    .min(1)
    .refine((ts) => new Set(ts.map((t) => t.name)).size === ts.length, 'topic names must be unique')
    .default(defaultTopics()),
  eutils: z
    .strictObject({
      baseUrl: z.url().default(NCBI_EUTILS).describe('E-utilities base URL (EUTILS_BASE_URL overrides)'),
      tool: z.string().min(1).default('kratomlit').describe('tool= sent to NCBI (NCBI_TOOL overrides)'),
      email: z.email().nullable().default(null).describe('email= sent to NCBI (NCBI_EMAIL overrides)'),
      requestsPerSecond: z
        .number()
        .positive()
        .max(10)
        .nullable()
        .default(null)
        .describe('Default: 3 without an API key, 10 with one; above 3 needs NCBI_API_KEY (NCBI blocks clients that exceed their limit)'),
      batchSize: z.number().int().min(1).max(500).default(200).describe('PMIDs per efetch POST (NCBI: at most 500 recommended)'),
      attemptTimeoutMs: z.number().int().min(100).default(60_000).describe('Total deadline of one HTTP attempt'),
      maxElapsedMs: z.number().int().min(100).default(300_000).describe('Give up on one request after retrying this long'),
      maxRetryAfterMs: z.number().int().min(0).default(120_000).describe('A longer Retry-After defers the run instead of waiting'),
    })
    .prefault({}),
  ingest: z
    .strictObject({
      overlapDays: z.number().int().min(0).max(60).default(3).describe('Incremental windows reach back this many days before the last successful run'),
      auditEveryDays: z
        .number()
        .int()
        .min(1)
        .max(90)
        .default(7)
        .describe("Full completeness audit (each topic's whole PubMed set against the library) at least this often; nightly runs check counts"),
      schedule: scheduleSchema('30 22 * * *', 'America/New_York').prefault({}),
    })
    .prefault({}),
  digest: z
    .strictObject({
      outDir: z.string().min(1).default('digests'),
      timezone: z.string().min(1).default('UTC').describe('Zone that defines the ISO week of a digest'),
      perTopicCap: z.number().int().min(1).max(1000).default(25),
      feedWeeks: z.number().int().min(1).max(520).default(12),
      siteUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://example.org/digests/' }).nullable().default(null).describe('Public base URL where the digest folder is served; makes the Atom feed links absolute'),
      schedule: scheduleSchema('0 7 * * 1', 'UTC').prefault({}),
    })
    .prefault({}),
  search: z
    .strictObject({
      indexPath: z.string().min(1).nullable().default(null).describe('Default: the database path + ".index"'),
    })
    .prefault({}),
  delivery: deliverySchema,
  evidence: z
    .strictObject({
      overrides: z.string().min(1).nullable().default(null).describe('Curator override file (PMID -> design/themes), see docs/evidence.md'),
    })
    .prefault({}),
});

export type ConfigFile = z.infer<typeof configFileSchema>;

/** The effective configuration: file + environment, validated, paths resolved, frozen. */
export interface Config extends ConfigFile {
  /** Where the settings came from (for `config --print`). */
  configPath: string | null;
  indexPath: string;
  apiKey: string | null;
}

function defaultTopics() {
  return [
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
  ];
}

/** Environment variables read by {@link loadConfig}. */
export interface ConfigEnv {
  KRATOMLIT_DB?: string;
  KRATOMLIT_CONFIG?: string;
  EUTILS_BASE_URL?: string;
  NCBI_API_KEY?: string;
  NCBI_EMAIL?: string;
  NCBI_TOOL?: string;
}

/**
 * Reads the config file (`path`, else `KRATOMLIT_CONFIG`, else `kratomlit.config.json` in `cwd` when present,
 * else built-in defaults; `discover: false` skips the file in `cwd`), applies the environment and the `--db` option, validates everything and fails fast
 * with a {@link ConfigError} that names the file and the offending key.
 */
export function loadConfig(opts: { path?: string | null; db?: string | null; env?: ConfigEnv; cwd?: string; discover?: boolean } = {}): Config {
  const env = opts.env ?? (process.env as ConfigEnv);
  const cwd = opts.cwd ?? process.cwd();
  const explicit = opts.path ?? env.KRATOMLIT_CONFIG ?? null;
  // `discover: false` (a script's `config: false`): built-in defaults unless a file is named.
  const path = explicit ? resolve(cwd, explicit) : opts.discover === false ? null : defaultConfigPath(cwd);
  const raw = path ? readConfigFile(path, explicit !== null) : {};
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`config: ${path ?? 'built-in defaults'}: ${describeIssues(parsed.error)}`);
  const file = applyEnv(parsed.data, env);
  const base = path ? dirname(path) : cwd;
  // An empty KRATOMLIT_DB or --db "" means "not set", not "the current folder".
  const db = opts.db || env.KRATOMLIT_DB || resolve(base, file.db);
  const dbPath = resolve(cwd, db);
  const apiKey = env.NCBI_API_KEY?.trim() || null;
  checkRate(file, apiKey, path);
  const config: Config = {
    ...file,
    db: dbPath,
    digest: { ...file.digest, outDir: resolve(base, file.digest.outDir) },
    evidence: { overrides: file.evidence.overrides ? resolve(base, file.evidence.overrides) : null },
    configPath: path,
    indexPath: file.search.indexPath ? resolve(base, file.search.indexPath) : `${dbPath}.index`,
    apiKey,
  };
  return deepFreeze(config);
}

/** NCBI allows 3 requests/s without an API key: a higher configured rate would get the client blocked. */
function checkRate(file: ConfigFile, apiKey: string | null, path: string | null): void {
  const rps = file.eutils.requestsPerSecond;
  if (rps !== null && rps > 3 && apiKey === null) {
    throw new ConfigError(`config: ${path ?? 'built-in defaults'}: eutils.requestsPerSecond: ${rps} is above NCBI's 3 requests/s without an API key (set NCBI_API_KEY or lower it)`);
  }
}

function defaultConfigPath(cwd: string): string | null {
  const p = resolve(cwd, 'kratomlit.config.json');
  return existsSync(p) ? p : null;
}

function readConfigFile(path: string, explicit: boolean): unknown {
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError(`config: file not found: ${path}`);
    return {};
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    throw new ConfigError(`config: ${path} is not valid JSON: ${errorMessage(err)}`, { cause: err });
  }
}

function applyEnv(file: ConfigFile, env: ConfigEnv): ConfigFile {
  const eutils = { ...file.eutils };
  if (env.EUTILS_BASE_URL) {
    const check = z.url().safeParse(env.EUTILS_BASE_URL);
    if (!check.success) throw new ConfigError(`config: EUTILS_BASE_URL is not a URL: ${env.EUTILS_BASE_URL}`);
    eutils.baseUrl = env.EUTILS_BASE_URL;
  }
  if (env.NCBI_EMAIL) {
    if (!z.email().safeParse(env.NCBI_EMAIL).success) throw new ConfigError(`config: NCBI_EMAIL is not an e-mail address: ${env.NCBI_EMAIL}`);
    eutils.email = env.NCBI_EMAIL;
  }
  if (env.NCBI_TOOL) eutils.tool = env.NCBI_TOOL;
  if (!eutils.baseUrl.endsWith('/')) eutils.baseUrl += '/';
  return { ...file, eutils };
}

/**
 * One line naming every offending key: "eutils.batchSize: Too big: expected number to be <=500; topix:
 * unknown key". Unknown keys are named by their own path (zod reports them on the parent object).
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .flatMap((i) => {
      if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${[...i.path, k].join('.')}: unknown key`);
      const key = i.path.length > 0 ? i.path.join('.') : '(top level)';
      return [`${key}: ${i.message}`];
    })
    .join('; ');
}

/**
 * The configuration as `config --print` shows it: the NCBI API key replaced by "***" (never printed, even in
 * part) and any user:password in a URL masked.
 */
export function printableConfig(c: Config): Record<string, unknown> {
  return {
    ...c,
    eutils: { ...c.eutils, baseUrl: maskUrlCredentials(c.eutils.baseUrl) },
    digest: { ...c.digest, siteUrl: c.digest.siteUrl === null ? null : maskUrlCredentials(c.digest.siteUrl) },
    apiKey: c.apiKey ? '***' : null,
  };
}

/** `https://user:pw@host/` -> `https://***:***@host/`; other URLs unchanged. */
export function maskUrlCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    if (u.username) u.username = '***';
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
