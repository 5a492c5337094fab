import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Config, loadConfig } from '../config.js';
import type { Library } from '../library/api.js';
import type { CoreSetup, OpenMode } from '../library/core.js';
import { type Logger, createLogger } from '../log.js';

/** Global options every command accepts. */
export interface GlobalOptions {
  db?: string;
  config?: string;
  quiet?: boolean;
  verbose?: boolean;
}

/** What a command needs from the outside world; built once per process by {@link createContext}. */
export interface CommandContext {
  config: Config;
  logger: Logger;
  /** stdout is for data only (`--json`, `show`, search hits, exports); a newline is added when missing. */
  out: (text: string) => void;
  /** A human-readable line for the user on stderr (summaries, "no hits"); silent under `--quiet`. */
  say: (text: string) => void;
  /** True when progress bars may be drawn: stderr is a terminal and `--quiet` is off. */
  isTty: boolean;
  now: () => Date;
  /**
   * Opens the library through the same `openLibrary` a script uses. Default: an existing library (a
   * missing or empty file is refused with `no library at PATH`, exit 1, and nothing is created), without
   * its search index. Writers pass `open: 'lazy'` (the run creates the database and its folder).
   */
  library: (opts?: CliLibraryOptions) => Promise<Library>;
}

/** How a command opens the library (see {@link CoreSetup}); `digestDir` and `topics` as in `openLibrary`. */
export interface CliLibraryOptions extends Omit<CoreSetup, 'logger' | 'clock'> {
  open?: OpenMode;
  digestDir?: string;
  topics?: readonly string[];
}

/**
 * Builds the context from the global options: configuration (validated now, so a bad key fails before any
 * work), logger on stderr (`--quiet` = warn, `--verbose` = debug, default info).
 */
export function createContext(g: GlobalOptions): CommandContext {
  const config = loadConfig({ path: g.config ?? null, db: g.db ?? null });
  const level = g.quiet ? 'warn' : g.verbose ? 'debug' : 'info';
  const logger = createLogger({ level });
  return {
    config,
    logger,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    say: (text) => {
      if (!g.quiet) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    isTty: process.stderr.isTTY === true && !g.quiet,
    now: () => new Date(),
    library: async (o = {}) => {
      // Loaded when a command opens the library: `config`, `--help` and usage errors never load the store.
      const { openLibraryWith } = await import('../library/library.js');
      const { open, digestDir, topics, ...setup } = o;
      // Resolved as the configuration's own paths are (`--digests demo-output/digests` from the working directory).
      const c = digestDir === undefined ? config : { ...config, digest: { ...config.digest, outDir: resolve(digestDir) } };
      return openLibraryWith(c, { logger, clock: () => new Date(), loadIndex: false, ...setup }, { open: open ?? 'existing', topics });
    },
  };
}

/**
 * The note `serve` and `mcp` print on stderr when their digest folder does not exist yet: their digest pages
 * and tools would otherwise say "none" with no hint why.
 */
export function noteMissingDigests(command: string, dir: string): void {
  if (!existsSync(dir)) process.stderr.write(`kratomlit: ${command}: note: no digests at ${dir} yet (the weekly digest job writes them there; --digests DIR names another folder)\n`);
}
