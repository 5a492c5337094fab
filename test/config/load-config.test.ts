import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configJsonSchema } from '../../src/cli/config.js';
import { type ConfigEnv, configFileSchema, loadConfig, maskUrlCredentials, printableConfig } from '../../src/config.js';
import { ConfigError, EXIT } from '../../src/errors.js';

const REPO = resolve(import.meta.dirname, '..', '..');

describe('loadConfig validates the file and the environment at start-up', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Loads `body` written as the config file; returns the ConfigError message (or null when it loads). */
  function errorFor(body: string, env: ConfigEnv = {}): string | null {
    const path = join(dir, 'kratomlit.config.json');
    writeFileSync(path, body);
    try {
      loadConfig({ path, env, cwd: dir });
      return null;
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).exitCode).toBe(EXIT.USAGE);
      return (err as Error).message;
    }
  }

  it('names eutils.batchSize when it is above NCBI\'s 500 ids per POST', () => {
    expect(errorFor('{"eutils": {"batchSize": 900}}')).toMatch(/kratomlit\.config\.json: eutils\.batchSize: Too big: expected number to be <=500/);
  });

  it('names an unknown top-level key and an unknown nested key by their own paths', () => {
    expect(errorFor('{"topix": []}')).toMatch(/: topix: unknown key$/);
    expect(errorFor('{"ingest": {"overlapdays": 3}}')).toMatch(/: ingest\.overlapdays: unknown key$/);
  });

  it('names every time zone it does not know, at start-up (the digest week zone included, not only the schedules)', () => {
    expect(errorFor('{"digest": {"timezone": "Mars/Olympus"}}')).toMatch(/: digest\.timezone: "Mars\/Olympus" is not an IANA time zone this runtime knows \(e\.g\. America\/New_York, UTC\)$/);
    expect(errorFor('{"ingest": {"schedule": {"timezone": "Europe/Berlinn"}}}')).toMatch(/: ingest\.schedule\.timezone: "Europe\/Berlinn" is not an IANA time zone/);
    expect(errorFor('{"digest": {"schedule": {"timezone": "utc+1"}}}')).toMatch(/: digest\.schedule\.timezone: "utc\+1" is not an IANA time zone/);
    expect(errorFor('{"digest": {"timezone": "Europe/Berlin", "schedule": {"timezone": "UTC"}}, "ingest": {"schedule": {"timezone": "Asia/Kuala_Lumpur"}}}')).toBeNull();
  });

  it('names a bad cron expression together with the other errors of the file, not one at a time', () => {
    const both = errorFor('{"ingest": {"schedule": {"cron": "61 * * * *", "timezone": "Mars/Olympus"}}}');
    expect(both).toMatch(/: ingest\.schedule\.timezone: "Mars\/Olympus" is not an IANA time zone/);
    expect(both).toMatch(/; ingest\.schedule\.cron: "61 \* \* \* \*" is not a valid cron expression: minute "61" is not valid \(minute takes 0-59\)$/);
    const digest = errorFor('{"eutils": {"batchSize": 900}, "digest": {"schedule": {"cron": "0 7 * * 9"}}}');
    expect(digest).toContain('eutils.batchSize: Too big');
    expect(digest).toContain('; digest.schedule.cron: "0 7 * * 9" is not a valid cron expression');
    // A cron expression that is not a string is the schema's to name, once.
    expect(errorFor('{"ingest": {"schedule": {"cron": 5}}}')?.match(/ingest\.schedule\.cron/g)).toHaveLength(1);
  });

  it('names both schedules when both cron expressions are bad in an otherwise valid file, when the file is read', () => {
    const file = '{"ingest": {"schedule": {"cron": "61 * * * *"}}, "digest": {"schedule": {"cron": "0 7 * * 9"}}}';
    const msg = errorFor(file);
    expect(msg).toMatch(/kratomlit\.config\.json: ingest\.schedule\.cron: "61 \* \* \* \*" is not a valid cron expression: minute "61" is not valid \(minute takes 0-59\); digest\.schedule\.cron: "0 7 \* \* 9" is not a valid cron expression: week day "9" is not valid \(week day takes 0-7 or SUN-SAT\)$/);
    // One bad one alone is named too (it used to pass here and stop only `schedule`).
    expect(errorFor('{"digest": {"schedule": {"cron": "0 7 * * 9"}}}')).toMatch(/: digest\.schedule\.cron: "0 7 \* \* 9" is not a valid cron expression/);
    // Day tokens node-cron accepts but the scheduler does not model are refused here as there.
    expect(errorFor('{"ingest": {"schedule": {"cron": "0 3 L * *"}}}')).toMatch(/: ingest\.schedule\.cron: "0 3 L \* \*" uses L, W or #, which the scheduler does not support$/);
    expect(errorFor('{"ingest": {"schedule": {"cron": "*/20 3 * * 1-5"}}, "digest": {"schedule": {"cron": "0 7 * * 1"}}}')).toBeNull();
  });

  it('names every wrongly typed key in one message', () => {
    const msg = errorFor('{"topics": "mitragynine", "digest": {"perTopicCap": "25"}, "eutils": {"email": "not-an-address"}}');
    expect(msg).toContain('topics: Invalid input: expected array, received string');
    expect(msg).toContain('digest.perTopicCap: Invalid input: expected number, received string');
    expect(msg).toContain('eutils.email:');
  });

  it('names the topic index and field of a bad or duplicated topic', () => {
    expect(errorFor('{"topics": [{"name": "Bad Name", "query": "x"}]}')).toMatch(/topics\.0\.name: lower-case letters/);
    expect(errorFor('{"topics": [{"name": "a", "query": "x"}, {"name": "a", "query": "y"}]}')).toContain('topics: topic names must be unique');
  });

  it('names the file when it is not valid JSON', () => {
    const msg = errorFor('{"db": "x",}');
    expect(msg).toContain(join(dir, 'kratomlit.config.json'));
    expect(msg).toContain('is not valid JSON');
  });

  it('fails naming the path when an explicit config file is missing, but not when the default one is', () => {
    expect(() => loadConfig({ path: 'missing.json', env: {}, cwd: dir })).toThrow(`config: file not found: ${join(dir, 'missing.json')}`);
    expect(() => loadConfig({ env: { KRATOMLIT_CONFIG: 'gone.json' }, cwd: dir })).toThrow(`config: file not found: ${join(dir, 'gone.json')}`);
    expect(loadConfig({ env: {}, cwd: dir }).configPath).toBeNull();
  });

  it('lets the environment override the E-utilities URL, e-mail, tool and database path', () => {
    const c = loadConfig({ env: { EUTILS_BASE_URL: 'http://127.0.0.1:9/eutils', NCBI_EMAIL: 'me@example.org', NCBI_TOOL: 'mytool', KRATOMLIT_DB: 'data/lib.sqlite' }, cwd: dir });
    expect(c.eutils).toMatchObject({ baseUrl: 'http://127.0.0.1:9/eutils/', email: 'me@example.org', tool: 'mytool' });
    expect(c.db).toBe(join(dir, 'data', 'lib.sqlite'));
    expect(c.indexPath).toBe(join(dir, 'data', 'lib.sqlite.index'));
  });

  it('rejects an invalid NCBI_EMAIL or EUTILS_BASE_URL naming the variable', () => {
    expect(() => loadConfig({ env: { NCBI_EMAIL: 'nobody' }, cwd: dir })).toThrow(/NCBI_EMAIL is not an e-mail address: nobody/);
    expect(() => loadConfig({ env: { EUTILS_BASE_URL: 'not a url' }, cwd: dir })).toThrow(/EUTILS_BASE_URL is not a URL/);
  });

  it('treats an empty KRATOMLIT_DB as unset rather than as the current folder', () => {
    expect(loadConfig({ env: { KRATOMLIT_DB: '' }, cwd: dir }).db).toBe(join(dir, 'db', 'kratomlit.sqlite'));
  });

  it('prefers --db over KRATOMLIT_DB and resolves file paths against the config file folder', () => {
    const path = join(dir, 'conf.json');
    writeFileSync(path, '{"db": "store/lib.sqlite", "digest": {"outDir": "out"}}');
    const c = loadConfig({ path, db: 'cli.sqlite', env: { KRATOMLIT_DB: 'env.sqlite' }, cwd: dir });
    expect(c.db).toBe(join(dir, 'cli.sqlite'));
    expect(c.digest.outDir).toBe(join(dir, 'out'));
    expect(loadConfig({ path, env: {}, cwd: '/' }).db).toBe(join(dir, 'store', 'lib.sqlite'));
  });

  it('returns a frozen configuration', () => {
    const c = loadConfig({ env: {}, cwd: dir });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.eutils)).toBe(true);
  });
});

describe('secrets in the printable configuration', () => {
  it('replaces the NCBI API key by *** and masks credentials in URLs', () => {
    const c = loadConfig({ env: { NCBI_API_KEY: 'abcdef0123456789abcdef0123456789ab12', EUTILS_BASE_URL: 'https://user:pw@proxy.example/eutils/' }, cwd: tmpdir() });
    const printed = JSON.stringify(printableConfig(c));
    expect(printed).not.toContain('abcdef0123456789');
    expect(printed).not.toContain(':pw@');
    expect(printableConfig(c)['apiKey']).toBe('***');
    expect(maskUrlCredentials('https://user:pw@proxy.example/eutils/')).toBe('https://***:***@proxy.example/eutils/');
    expect(maskUrlCredentials('https://eutils.ncbi.nlm.nih.gov/entrez/eutils/')).toBe('https://eutils.ncbi.nlm.nih.gov/entrez/eutils/');
  });
});

describe('the committed kratomlit.config.json and kratomlit.schema.json', () => {
  const committed = JSON.parse(readFileSync(join(REPO, 'kratomlit.config.json'), 'utf8')) as Record<string, unknown>;
  const schemaFile = JSON.parse(readFileSync(join(REPO, 'kratomlit.schema.json'), 'utf8')) as Record<string, unknown>;

  it('passes validation and its topics equal the built-in defaults', () => {
    const parsed = configFileSchema().parse(committed);
    const defaults = configFileSchema().parse({});
    expect(parsed.topics).toEqual(defaults.topics);
    expect(parsed.eutils).toEqual(defaults.eutils);
    expect(parsed.ingest).toEqual(defaults.ingest);
    expect(parsed.digest).toEqual(defaults.digest);
  });

  it('ships the schema the build generates (draft 2020-12, closed objects)', () => {
    expect(schemaFile).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
    expect(schemaFile['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schemaFile['additionalProperties']).toBe(false);
    expect(Object.keys(schemaFile['properties'] as object).sort()).toEqual(['$schema', 'db', 'delivery', 'digest', 'eutils', 'evidence', 'ingest', 'search', 'topics']);
  });

  it('accepts the committed config and rejects bad ones when read back as a JSON Schema', () => {
    const fromSchema = z.fromJSONSchema(schemaFile as Parameters<typeof z.fromJSONSchema>[0]);
    expect(fromSchema.safeParse(committed).success).toBe(true);
    const bad = fromSchema.safeParse({ eutils: { batchSize: 900 }, topix: [] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.code).sort()).toEqual(['too_big', 'unrecognized_keys']);
  });
});

describe('loadConfig: completeness audit and NCBI rate settings', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function load(body: string, env: ConfigEnv = {}) {
    const path = join(dir, 'kratomlit.config.json');
    writeFileSync(path, body);
    return loadConfig({ path, env, cwd: dir });
  }

  it('refuses eutils.requestsPerSecond above 3 without an API key, naming the key', () => {
    expect(() => load('{"eutils": {"requestsPerSecond": 5}}')).toThrow(/eutils\.requestsPerSecond: 5 is above NCBI's 3 requests\/s without an API key/);
    expect(load('{"eutils": {"requestsPerSecond": 5}}', { NCBI_API_KEY: 'k' }).eutils.requestsPerSecond).toBe(5);
    expect(load('{"eutils": {"requestsPerSecond": 3}}').eutils.requestsPerSecond).toBe(3);
  });

  it('names a rate above 3 without a key together with the file\'s other problems, and a rate above 10 once', () => {
    const errorFor = (body: string) => {
      try {
        load(body);
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    };
    const all = errorFor('{"eutils": {"requestsPerSecond": 5}, "ingest": {"schedule": {"cron": "61 * * * *"}}, "digest": {"perTopicCap": "x"}}');
    expect(all).toMatch(/: digest\.perTopicCap: .+; ingest\.schedule\.cron: "61 \* \* \* \*" is not a valid cron expression: [^;]+; eutils\.requestsPerSecond: 5 is above NCBI's 3 requests\/s without an API key \(set NCBI_API_KEY or lower it\)$/);
    expect(errorFor('{"eutils": {"requestsPerSecond": 50}}')?.match(/eutils\.requestsPerSecond/g)).toHaveLength(1);
  });

  it('defaults ingest.auditEveryDays to 7 and names it when it is not a whole number of days from 1 to 90', () => {
    expect(load('{}').ingest.auditEveryDays).toBe(7);
    expect(load('{"ingest": {"auditEveryDays": 14}}').ingest.auditEveryDays).toBe(14);
    expect(() => load('{"ingest": {"auditEveryDays": 0}}')).toThrow(/ingest\.auditEveryDays: Too small/);
    expect(() => load('{"ingest": {"auditEveryDays": 1.5}}')).toThrow(/ingest\.auditEveryDays: /);
    expect(() => load('{"ingest": {"auditEveryDays": "weekly"}}')).toThrow(/ingest\.auditEveryDays: Invalid input/);
  });
});
