/**
 * `status` (text, --json) and the web status page say whether a `kratomlit schedule` runs on the library,
 * from the scheduler lock's live holder: a real schedule process reads as running (its pid and host), and a
 * lock left by a killed one (dead pid) reads as not running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/library/types.js';
import { statusBody } from '../../src/web/pages/status.js';
import { waitFor } from '../support/cli.js';
import { BIN, type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

const NOT_RUNNING = 'Scheduler: not running (no process runs the configured schedule; start one with `kratomlit schedule`)';

/** The web status page's text for a report, as the route renders it. */
function webPage(report: StatusReport): string {
  const server = { indexedSeq: 0, storeSeq: 0, records: 0, startedAt: '2026-12-07T00:00:00Z', searchThreads: 0 };
  return String(statusBody({ report, server, now: new Date() })).replace(/<[^>]+>/g, '');
}

describe('status: is a scheduler running?', () => {
  let sb: Sandbox;
  let config: string;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const r = await sb.run(['import', sb.write('a.xml', articleSet([{ pmid: '401', entrez: '2026-11-02', title: 'Kratom tea' }]))]);
    if (r.code !== 0) throw new Error(`fixture import failed: ${r.stderr}`);
    // The start-up catch-up ingest meets an unreachable E-utilities address and fails fast.
    config = sb.write('kratomlit.config.json', JSON.stringify({ eutils: { maxElapsedMs: 200, attemptTimeoutMs: 100 }, digest: { outDir: 'digests', timezone: 'UTC' } }));
  });
  afterAll(() => sb.cleanup());

  const status = async (json: boolean) => {
    const r = await sb.run(['--config', config, 'status', ...(json ? ['--json'] : [])]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };

  it('says not running when no schedule was ever started, and still lists the next runs as what one would do', async () => {
    const text = await status(false);
    expect(text).toContain(`\n${NOT_RUNNING}\nNext ingest: `);
    const report = JSON.parse(await status(true)) as StatusReport;
    expect(report.scheduler).toEqual({ running: false, pid: null, host: null, command: null, since: null });
    expect(webPage(report)).toContain(NOT_RUNNING);
  });

  it('points at no listed runs when a report lists none (a library report made without next runs)', async () => {
    const report = { ...(JSON.parse(await status(true)) as StatusReport), nextRuns: {} };
    const page = webPage(report);
    expect(page).toContain(`${NOT_RUNNING}\nNo schedule known.`);
    expect(page).not.toMatch(/next runs (below|listed)/i);
  });

  it('says running with the pid and host of a live schedule, and not running once it was killed (stale lock)', async () => {
    const env = { PATH: process.env.PATH ?? '', KRATOMLIT_DB: sb.db, EUTILS_BASE_URL: 'http://127.0.0.1:9/' };
    const child: ChildProcess = spawn(process.execPath, [BIN, '--config', config, 'schedule'], { cwd: sb.dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const exited = once(child, 'exit');
    try {
      await waitFor(() => stderr.includes('"msg":"scheduler started"'), 'the scheduler to start', 30_000);
      const report = JSON.parse(await status(true)) as StatusReport;
      expect(report.scheduler).toMatchObject({ running: true, pid: child.pid, host: hostname(), command: 'schedule' });
      const line = `Scheduler: running (pid ${child.pid} on ${hostname()} since ${report.scheduler.since})`;
      expect(await status(false)).toContain(`\n${line}\n`);
      expect(webPage(report)).toContain(line);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // SIGKILL released nothing: the lock row still names the dead process.
    const db = new Database(sb.db, { readonly: true });
    try {
      expect(db.prepare("SELECT pid FROM locks WHERE name = 'scheduler'").get()).toEqual({ pid: child.pid });
    } finally {
      db.close();
    }
    expect(await status(false)).toContain(NOT_RUNNING);
    expect((JSON.parse(await status(true)) as StatusReport).scheduler.running).toBe(false);
  }, 60_000);
});
