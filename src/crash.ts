/**
 * Test-only crash hook. The fault suite (test/faults) sets `KRATOMLIT_CRASH_AT=<point>` on a child process
 * to kill it with SIGKILL at one named instant (a real `kill -9`: no `finally`, no flush, no exit handler),
 * then checks that one clean re-run converges. Without that variable every call is a no-op costing one
 * string comparison, so the hook may stay in production code paths.
 *
 * `KRATOMLIT_CRASH_SIGNAL=SIGINT` (or `SIGTERM`) sends that signal instead, once, so a test can interrupt a
 * command at an exact instant and check the graceful path (stop at the batch boundary, run `interrupted`).
 *
 * Named points (each inserted as one `crashPoint(...)` line where the comment says):
 * - `ingest:after-commit`  after an ingest batch's store transaction, before anything else (index, ledger)
 * - `import:after-commit`  after an import batch is stored, before the index update
 * - `index:mid-write`      the index temp file is written but not yet renamed over the old index
 * - `ingest:before-finish` the store and the index are done, the run is not yet marked finished
 * - `digest:mid-write`     a digest temp file is written but not yet renamed into place
 */
export type CrashPointName =
  | 'ingest:after-commit'
  | 'import:after-commit'
  | 'index:mid-write'
  | 'ingest:before-finish'
  | 'digest:mid-write';

/** Every named point, for tests that loop over them. */
export const CRASH_POINTS: readonly CrashPointName[] = [
  'ingest:after-commit',
  'import:after-commit',
  'index:mid-write',
  'ingest:before-finish',
  'digest:mid-write',
];

/**
 * Kills this process with SIGKILL when `KRATOMLIT_CRASH_AT` names `name`; otherwise does nothing.
 * Exists only for the fault tests; `env` is injectable so the no-op path can be unit-tested.
 */
export function crashPoint(name: CrashPointName, env: NodeJS.ProcessEnv = process.env): void {
  if (env['KRATOMLIT_CRASH_AT'] !== name) return;
  const signal = env['KRATOMLIT_CRASH_SIGNAL'];
  if (signal === 'SIGINT' || signal === 'SIGTERM') {
    if (signalled) return;
    signalled = true;
    process.kill(process.pid, signal);
    return;
  }
  process.kill(process.pid, 'SIGKILL');
}

let signalled = false;
