/**
 * The writing methods of an open library: each builds its pipeline's collaborators from the library's
 * configuration and runs it through the one run wrapper (run.ts). The pipelines' modules load when a
 * method is first called, so a script or command that only searches never loads the HTTP client, the
 * import worker or the digest renderers.
 */
import type { Config } from '../config.js';
import { ReportedError, UsageError } from '../errors.js';
import { loadEvidenceOverrides } from '../evidence/override-file.js';
import { EVIDENCE_VERSION } from '../evidence/types.js';
import type { PubmedClient } from '../pubmed/client.js';
import { fillListed } from '../store/listed-rows.js';
import { rebuildSearchIndex, updateSearchIndex } from './search-index.js';
import type { LibraryCore } from './core.js';
import type { DigestDeps } from './digest.js';
import { withRun } from './run.js';
import { acquireLock } from '../store/lock.js';
import { checkTopic } from './select.js';
import type { LibraryWriters } from './api.js';
import type { DeliveryReport, DigestReport, DigestRunOptions } from './types.js';


/** Builds the writers over `core`. */
export function libraryWriters(core: LibraryCore): LibraryWriters {
  const { config, logger, clock } = core;
  const afterWrite = () => core.afterWrite();
  return {
    ingest: async (opts = {}) => {
      const { runIngest, checkIngestOptions } = await import('./ingest.js');
      checkIngestOptions(opts, clock(), { since: 'since', full: 'full' });
      const db = core.writableDb();
      const client = core.setup.client ?? (await clientFromConfig(config, opts.signal));
      return runIngest({
        db, client, topics: config.topics, logger, clock,
        overlapDays: config.ingest.overlapDays,
        auditEveryDays: config.ingest.auditEveryDays,
        batchSize: config.eutils.batchSize,
        // The caller's own client is the caller's concern; ours sends the configured contact address.
        ...(core.setup.client ? {} : { email: config.eutils.email }),
        evidenceOverrides: loadEvidenceOverrides(config.evidence.overrides),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        refreshIndex: afterWrite,
      }, clock(), { since: opts.since ?? null, topics: opts.topics ?? [], full: opts.full ?? false, audit: opts.audit ?? false });
    },
    import: async (files, opts = {}) => {
      for (const t of opts.topics ?? []) checkTopic(config, t);
      if (opts.names && opts.names.length !== files.length) {
        throw new UsageError(`import: names has ${opts.names.length} entr${opts.names.length === 1 ? 'y' : 'ies'} for ${files.length} file(s); give one name per file`);
      }
      // Stored as configured (`--topic MITRAGYNINE` files the records under "mitragynine").
      if (opts.topics) opts = { ...opts, topics: opts.topics.map((t) => config.topics.find((c) => c.name.toLowerCase() === t.toLowerCase())?.name ?? t) };
      // No library yet and no file readable: report it without creating one (see unreadableImport).
      const unreadable = core.hasStore() ? null : await (await import('./import-files.js')).unreadableImport(files, opts.names);
      if (unreadable) return unreadable;
      const { runImport } = await import('./import.js');
      return runImport({ db: core.writableDb(), clock, evidenceOverrides: loadEvidenceOverrides(config.evidence.overrides), refreshIndex: afterWrite, logger }, files, opts);
    },
    digest: (opts = {}) => digest(core, opts),
    refreshIndex: async (opts = {}) => {
      opts.signal?.throwIfAborted();
      const counts = await updateSearchIndex(core.db(), { indexPath: config.indexPath, logger });
      if (!core.hasIndex() && core.setup.loadIndex !== false) await core.loadIndex();
      return counts;
    },
    rebuildIndex: (opts = {}) => withRun(core.db(), clock, {
      // Readers keep answering from the published file while the new one is built; nothing to lock or log.
      lock: null,
      kind: null,
      work: () => {
        opts.signal?.throwIfAborted();
        // Checked after every progress report (each 1,000 records and the last): an abort throws before the
        // new file is written, so the published index stays as it was.
        const onProgress = (done: number, total: number) => {
          opts.onProgress?.({ done, total });
          opts.signal?.throwIfAborted();
        };
        return rebuildSearchIndex(core.db(), { indexPath: config.indexPath, logger, onProgress });
      },
    }),
    repairLists: () => withRun(core.db(), clock, {
      lock: 'check --repair',
      kind: null,
      logger,
      writesAllLists: true,
      work: async () => fillListed(core.db(), {
        all: true,
        onStart: (n) => logger?.info({ records: n }, `check: writing the list forms of ${n} record(s) again from the records (about ${Math.max(1, Math.round(n / 5000))} s)`),
      }),
    }),
    holdScheduler: (command) => acquireLock(core.writableDb(), command, { name: 'scheduler' }),
    reclassifyEvidence: async (opts = {}) => {
      opts.signal?.throwIfAborted();
      const overrides = loadEvidenceOverrides(config.evidence.overrides);
      const { reclassifyAll } = await import('../store/reclassify.js');
      const db = core.existingWritableDb();
      return withRun(db, clock, {
        lock: 'evidence',
        kind: null,
        logger,
        work: async () => ({ ...reclassifyAll(db, { now: clock(), overrides }), version: EVIDENCE_VERSION }),
      });
    },
  };
}

/** Writes the week's digest and, with `send`, e-mails it (the delivery settings are checked first). */
async function digest(core: LibraryCore, opts: DigestRunOptions): Promise<DigestReport> {
  const { config } = core;
  if (opts.resend && !opts.send) throw new UsageError('digest: resend needs send');
  const db = core.db();
  const { emailDeps } = await import('./email.js');
  // Checked before the digest is written, so a missing password or section fails fast and changes nothing.
  const mail = opts.send ? emailDeps(config, db, core.logger, { outDir: opts.out, env: core.setup.env }) : null;
  if (opts.send && mail === null) throw new UsageError(`digest: --send needs a delivery.email section in the configuration (${config.configPath ?? 'none in use'})`);
  // A week still in progress may be written but not sent: refused before anything is written (the
  // default week, the last complete one, has always ended).
  if (opts.send && opts.week !== undefined) {
    const [{ weekRange }, { refuseUnended }] = await Promise.all([import('../digest/week.js'), import('../delivery/message.js')]);
    const range = weekRange(opts.week, config.digest.timezone);
    refuseUnended(range.week, range.end, core.clock());
  }
  const { runDigest } = await import('./digest.js');
  // A digest is written whole or not at all (atomic files): the signal is honoured before it starts and
  // before any mail leaves.
  opts.signal?.throwIfAborted();
  const r = await runDigest(digestDeps(core, opts.out), core.clock(), opts.week ? { week: opts.week } : {});
  if (!mail) return r;
  const { deliverDigest } = await import('../delivery/send.js');
  opts.signal?.throwIfAborted();
  try {
    return { ...r, email: await deliverDigest(mail, r.week, core.clock(), { force: opts.resend === true }) };
  } catch (err) {
    // The digest is written whatever happened to the e-mail: the error carries the whole report.
    if (err instanceof ReportedError) throw new ReportedError(err.code, err.message, { ...r, email: err.report as DeliveryReport } satisfies DigestReport, { cause: err });
    throw err;
  }
}

/** The digest job's collaborators from the configuration (and an optional output folder). */
function digestDeps(core: LibraryCore, outDir?: string): DigestDeps {
  const d = core.config.digest;
  return {
    db: core.db(),
    outDir: outDir ?? d.outDir,
    timeZone: d.timezone,
    perTopicCap: d.perTopicCap,
    feedWeeks: d.feedWeeks,
    topics: core.config.topics.map((t) => t.name),
    siteUrl: d.siteUrl,
    logger: core.logger,
    // The run's end by the clock its start was taken from (a library opened on another clock dated its
    // digest runs from then to now).
    clock: core.clock,
  };
}

/** The E-utilities client of one ingest run, from the configuration (its requests stop with `signal`). */
async function clientFromConfig(config: Config, signal?: AbortSignal): Promise<PubmedClient> {
  const { createPubmedClient } = await import('../pubmed/client.js');
  return createPubmedClient({
    baseUrl: config.eutils.baseUrl,
    tool: config.eutils.tool,
    email: config.eutils.email,
    apiKey: config.apiKey,
    ...(config.eutils.requestsPerSecond !== null ? { requestsPerSecond: config.eutils.requestsPerSecond } : {}),
    attemptTimeoutMs: config.eutils.attemptTimeoutMs,
    retry: { maxElapsedMs: config.eutils.maxElapsedMs, maxRetryAfterMs: config.eutils.maxRetryAfterMs },
    ...(signal ? { signal } : {}),
  });
}
