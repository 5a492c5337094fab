import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { CONFIG_DEFAULTS, type ConfigFile, configFileSchema, deepFreeze, zod } from './config-schema.js';
import { cronProblem } from './cron-rule.js';
import { ConfigError, errorMessage } from './errors.js';

export { CONFIG_DEFAULTS, type ConfigFile, configFileSchema, NCBI_EUTILS } from './config-schema.js';

/** The effective configuration: file + environment, validated, paths resolved, frozen. */
export interface Config extends ConfigFile {
  /** Where the settings came from (for `config --print`). */
  configPath: string | null;
  indexPath: string;
  apiKey: string | null;
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
  const apiKey = env.NCBI_API_KEY?.trim() || null;
  // Without a file the defaults need no validation (and zod is not loaded: see config-schema.ts).
  const file = applyEnv(path ? validConfigFile(path, explicit !== null, apiKey) : CONFIG_DEFAULTS, env);
  const base = path ? dirname(path) : cwd;
  // An empty KRATOMLIT_DB or --db "" means "not set", not "the current folder".
  const db = opts.db || env.KRATOMLIT_DB || resolve(base, file.db);
  const dbPath = resolve(cwd, db);
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

/**
 * NCBI allows 3 requests/s without an API key: a higher configured rate would get the client blocked. Read
 * from the file as written, so that it is named with the file's other problems (a value that is not a
 * number is the schema's to name).
 */
function rateIssues(raw: unknown, apiKey: string | null): string[] {
  const rps = field(field(raw, 'eutils'), 'requestsPerSecond');
  if (typeof rps !== 'number' || rps <= 3 || apiKey !== null) return [];
  return [`eutils.requestsPerSecond: ${rps} is above NCBI's 3 requests/s without an API key (set NCBI_API_KEY or lower it)`];
}

function defaultConfigPath(cwd: string): string | null {
  const p = resolve(cwd, 'kratomlit.config.json');
  return existsSync(p) ? p : null;
}

/**
 * The file at `path` read and validated, defaults filled in; every problem of the file (the schema's, the
 * schedules' and the request rate's) is named in one ConfigError.
 */
function validConfigFile(path: string, explicit: boolean, apiKey: string | null): ConfigFile {
  let raw: unknown = {};
  if (existsSync(path)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ConfigError(`config: ${path} ${code === 'EISDIR' ? 'is a folder, not a config file' : `cannot be read (${code ?? errorMessage(err)})`}`, { cause: err });
    }
    try {
      raw = JSON.parse(text) as unknown;
    } catch (err) {
      throw new ConfigError(`config: ${path} is not valid JSON: ${errorMessage(err)}`, { cause: err });
    }
  } else if (explicit) throw new ConfigError(`config: file not found: ${path}`);
  const parsed = configFileSchema().safeParse(raw);
  // A rate the schema refuses (above NCBI's 10 with a key) is named once, by the schema.
  const rateNamed = !parsed.success && parsed.error.issues.some((i) => i.path.join('.') === 'eutils.requestsPerSecond');
  const issues = [...(parsed.success ? [] : [describeIssues(parsed.error)]), ...cronIssues(raw), ...(rateNamed ? [] : rateIssues(raw, apiKey))];
  if (!parsed.success || issues.length > 0) throw new ConfigError(`config: ${path}: ${issues.join('; ')}`);
  return parsed.data;
}

/**
 * The schedules' cron expressions the scheduler would refuse (node-cron's own check, and the `L`/`W`/`#` day
 * tokens its fire-time computation does not model), as issues of the same line as the schema's: every
 * command that reads the file names them all ("ingest.schedule.cron: ...; digest.schedule.cron: ..."),
 * not `schedule` alone, one at a time, when it starts. node-cron is loaded only for an expression other
 * than the built-in default (about 50 ms, which a search's start-up should not pay for nothing).
 */
function cronIssues(raw: unknown): string[] {
  const set = (['ingest', 'digest'] as const)
    .map((job) => ({ job, expr: field(field(field(raw, job), 'schedule'), 'cron') }))
    // Not a string (or empty): the schema names it; the default is known to be valid.
    .filter((s): s is { job: 'ingest' | 'digest'; expr: string } => typeof s.expr === 'string' && s.expr !== '' && s.expr !== CONFIG_DEFAULTS[s.job].schedule.cron);
  if (set.length === 0) return [];
  const { validateDetailed } = createRequire(import.meta.url)('node-cron') as typeof import('node-cron');
  return set.flatMap(({ job, expr }) => {
    const problem = cronProblem(expr, validateDetailed(expr));
    return problem ? [`${job}.schedule.cron: ${problem}`] : [];
  });
}

const field = (v: unknown, key: string): unknown => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined);

function applyEnv(file: ConfigFile, env: ConfigEnv): ConfigFile {
  const eutils = { ...file.eutils };
  if (env.EUTILS_BASE_URL) {
    const check = zod().url().safeParse(env.EUTILS_BASE_URL);
    if (!check.success) throw new ConfigError(`config: EUTILS_BASE_URL is not a URL: ${env.EUTILS_BASE_URL}`);
    eutils.baseUrl = env.EUTILS_BASE_URL;
  }
  if (env.NCBI_EMAIL) {
    if (!zod().email().safeParse(env.NCBI_EMAIL).success) throw new ConfigError(`config: NCBI_EMAIL is not an e-mail address: ${env.NCBI_EMAIL}`);
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
