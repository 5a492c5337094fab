/**
 * `openLibrary`, the public way in: the configuration as the CLI finds it, the script's options over it.
 * Its declaration names only the public types of api.ts (the implementation is in library.ts).
 */
import { resolve } from 'node:path';
import { type Config, type ConfigEnv, loadConfig } from '../config.js';
import { silentLogger } from '../log.js';
import type { Library, OpenLibraryOptions } from './api.js';
import { checkOpenOptions } from './check-options.js';
import { openLibraryWith } from './library.js';

/**
 * Opens the library at `opts.db` (default: as the CLI finds it: `KRATOMLIT_DB`, the configuration file, else
 * `db/kratomlit.sqlite`) and loads (or rebuilds, if missing or stale) its search index. A missing database
 * is not created here: the first ingest or import creates it; until then reads throw NO_LIBRARY (or, with
 * `mustExist`, openLibrary itself does). Throws ConfigError for a bad configuration file or variable, and
 * UsageError for an option it does not know (a typo such as `digestsDir` is not silently ignored).
 */
export async function openLibrary(opts: OpenLibraryOptions = {}): Promise<Library> {
  checkOpenOptions(opts);
  const env = opts.env ?? process.env;
  const { KRATOMLIT_CONFIG: _config, KRATOMLIT_DB: _db, ...ncbiEnv } = env as ConfigEnv;
  const config = loadConfig({
    path: opts.config === false ? null : (opts.config ?? null),
    db: opts.db ?? null,
    // `config: false` means built-in defaults: no configuration file, whatever KRATOMLIT_* say.
    env: opts.config === false ? ncbiEnv : (env as ConfigEnv),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...(opts.config === false ? { discover: false } : {}),
  });
  return openLibraryWith(withOverrides(config, opts), {
    logger: opts.logger ?? silentLogger(),
    clock: opts.clock ?? (() => new Date()),
    env,
    ...(opts.loadIndex !== undefined ? { loadIndex: opts.loadIndex } : {}),
    ...(opts.followOnSearch !== undefined ? { followOnSearch: opts.followOnSearch } : {}),
  }, { open: opts.mustExist ? 'existing' : 'lazy', topics: opts.topics });
}

/** The explicit options over the loaded configuration, relative paths resolved against `cwd` as the configuration's are. */
function withOverrides(c: Config, o: OpenLibraryOptions): Config {
  const e = o.eutils ?? {};
  const path = (p: string) => resolve(o.cwd ?? process.cwd(), p);
  const baseUrl = e.baseUrl === undefined ? c.eutils.baseUrl : e.baseUrl.endsWith('/') ? e.baseUrl : `${e.baseUrl}/`;
  return {
    ...c,
    indexPath: o.indexPath === undefined ? c.indexPath : path(o.indexPath),
    digest: { ...c.digest, outDir: o.digestDir === undefined ? c.digest.outDir : path(o.digestDir) },
    eutils: { ...c.eutils, baseUrl, ...(e.email !== undefined ? { email: e.email } : {}), ...(e.tool !== undefined ? { tool: e.tool } : {}) },
    apiKey: e.apiKey === undefined ? c.apiKey : e.apiKey,
  };
}
