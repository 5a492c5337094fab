import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { makeWorkspace, runCli, startCli, waitFor, type RunningCli, type Workspace } from '../support/cli.js';
import { makeArticle } from '../search/helpers.js';

let ws: Workspace | null = null;
let running: RunningCli | null = null;
afterEach(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGKILL');
    await running.done;
  }
  running = null;
  ws?.remove();
  ws = null;
});

function workspaceWithRecords(): Workspace {
  const w = makeWorkspace({ serverUrl: 'http://127.0.0.1:9/' });
  const db = openStore(w.db);
  const articles = [makeArticle('60000001', { title: 'Kratom serve test record' }), makeArticle('60000002', { title: 'Another mitragynine record' })];
  upsertParsed(db, articles.map((a) => ({ article: a, raw: '<PubmedArticle/>' })), { source: 'import', now: new Date('2026-11-20T10:00:00Z'), topics: ['alpha'] });
  closeStore(db);
  return w;
}

/** Waits for the `serving ... at URL` line and returns the URL. */
async function servingUrl(r: RunningCli): Promise<string> {
  await waitFor(() => /kratomlit: serving .* at http:\/\/\S+\n/.test(r.stderr()) || r.child.exitCode !== null, 'the serving line', 30_000);
  const m = /kratomlit: serving (.*) at (http:\/\/\S+)\n/.exec(r.stderr());
  if (!m) throw new Error(`no serving line; stderr: ${r.stderr()}`);
  return m[2] as string;
}

describe('kratomlit serve', () => {
  it('prints where it serves, answers pages, logs each request as JSON, and stops cleanly on SIGTERM', async () => {
    ws = workspaceWithRecords();
    running = startCli(['serve', '--port', '0'], ws.env());
    const url = await servingUrl(running);
    expect(running.stderr()).toContain(`kratomlit: serving ${ws.db} at http://127.0.0.1:`);
    const page = await fetch(`${url}?q=kratom`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/paper/60000001');
    running.child.kill('SIGTERM');
    const done = await running.done;
    expect(done.code).toBe(0);
    const access = done.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e['access'] === true);
    expect(access).toEqual([expect.objectContaining({ method: 'GET', url: '/?q=kratom', status: 200 })]);
  });

  it('warns when bound beyond loopback', async () => {
    ws = workspaceWithRecords();
    running = startCli(['serve', '--port', '0', '--host', '0.0.0.0'], ws.env());
    await servingUrl(running);
    expect(running.stderr()).toContain('kratomlit: serve: warning: --host 0.0.0.0 makes the library visible to other machines on the network');
    running.child.kill('SIGINT');
    expect((await running.done).code).toBe(0);
  });

  it('refuses a bad --port or --base-path with one line and exit 2', async () => {
    ws = workspaceWithRecords();
    const port = await runCli(['serve', '--port', 'http'], ws.env());
    expect(port.code).toBe(2);
    expect(port.stderr).toBe('kratomlit: serve: --port must be a whole number from 0 to 65535, got "http"\n');
    const base = await runCli(['serve', '--port', '0', '--base-path', '../x'], ws.env());
    expect(base.code).toBe(2);
    expect(base.stderr).toBe('kratomlit: serve: --base-path must look like /library, got "../x"\n');
  });

  it('refuses a bad --search-threads with one line and exit 2', async () => {
    ws = workspaceWithRecords();
    for (const bad of ['two', '-1', '17']) {
      const r = await runCli(['serve', '--port', '0', '--search-threads', bad], ws.env());
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toBe(`kratomlit: serve: --search-threads must be a whole number from 0 to 16, got "${bad}"\n`);
    }
  });

  it('renders every page on the serving thread by default, and starts the search threads --search-threads asks for', async () => {
    ws = workspaceWithRecords();
    const threadsOf = async (url: string) => ((await (await fetch(`${url}status.json`)).json()) as { server: { searchThreads: number } }).server.searchThreads;
    running = startCli(['serve', '--port', '0'], ws.env());
    expect(await threadsOf(await servingUrl(running))).toBe(0);
    running.child.kill('SIGTERM');
    expect((await running.done).code).toBe(0);
    running = startCli(['serve', '--port', '0', '--search-threads', '2'], ws.env());
    const url = await servingUrl(running);
    // Each thread loads the index before it takes pages; the status says how many serve.
    let serving = 0;
    const until = performance.now() + 60_000;
    while ((serving = await threadsOf(url)) < 2 && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(serving).toBe(2);
    const page = await fetch(`${url}?q=kratom`);
    expect(await page.text()).toContain('/paper/60000001');
    running.child.kill('SIGTERM');
    expect((await running.done).code).toBe(0);
  });

  it('serves the digests of --digests DIR, and notes on stderr when the folder has none yet', async () => {
    ws = workspaceWithRecords();
    const dir = join(ws.dir, 'my digests');
    expect((await runCli(['digest', '--week', '2026-W47', '--out', dir], ws.env())).code).toBe(0);
    running = startCli(['serve', '--port', '0', '--digests', dir], ws.env());
    const url = await servingUrl(running);
    expect(running.stderr()).not.toContain('note: no digests');
    expect(await (await fetch(`${url}digests/`)).text()).toContain('href="/digests/2026-W47"');
    running.child.kill('SIGTERM');
    expect((await running.done).code).toBe(0);
    running = startCli(['serve', '--port', '0', '--digests', join(ws.dir, 'none yet')], ws.env());
    await servingUrl(running);
    expect(running.stderr()).toContain(`kratomlit: serve: note: no digests at ${join(ws.dir, 'none yet')} yet (the weekly digest job writes them there; --digests DIR names another folder)\n`);
    running.child.kill('SIGTERM');
    expect((await running.done).code).toBe(0);
  });

  it('refuses --digests FILE at start with exit 2 and one line naming it', async () => {
    ws = workspaceWithRecords();
    const file = join(ws.dir, 'digests.txt');
    writeFileSync(file, 'a file, not a folder');
    const r = await runCli(['serve', '--port', '0', '--digests', file], ws.env());
    expect([r.code, r.stderr.trimEnd().split('\n').at(-1)]).toEqual([2, `kratomlit: serve: the digest folder ${file} is not a folder (--digests DIR, or digest.outDir in the configuration)`]);
    expect(r.stderr).not.toContain('serving');
  });

  it('names --host when it is not an address of this machine', async () => {
    ws = workspaceWithRecords();
    const r = await runCli(['serve', '--port', '0', '--host', '999.1.1.1'], ws.env());
    // One line, before the library opens and before the --host warning.
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^kratomlit: serve: --host "999\.1\.1\.1" is not an address of this machine \((ENOTFOUND|EAI_AGAIN)\)\n$/)]);
  });

  it('refuses to serve a database that does not exist, and creates none', async () => {
    ws = makeWorkspace();
    const r = await runCli(['serve', '--port', '0'], ws.env());
    // As every read says it (search, status...): exit 1.
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`kratomlit: serve: no library at ${ws.db} (run kratomlit ingest or kratomlit import first)\n`);
    expect(existsSync(ws.db)).toBe(false);
  });

  it('schedule --serve runs the scheduler and the pages in one process', async () => {
    ws = workspaceWithRecords();
    running = startCli(['schedule', '--serve', '--port', '0'], ws.env());
    const url = await servingUrl(running);
    const status = await fetch(`${url}status`);
    expect(status.status).toBe(200);
    expect(await status.text()).toMatch(/Next scheduled runs:<\/p><ul><li>ingest: <time datetime="\d{4}-[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d UTC \(/);
    running.child.kill('SIGTERM');
    const done = await running.done;
    expect(done.code).toBe(0);
    expect(done.stderr).toContain('scheduler stopped');
  });

  it('schedule --serve on a fresh machine creates the library it serves (as schedule alone does), a bad option creates nothing', async () => {
    ws = makeWorkspace();
    const bad = await runCli(['schedule', '--serve', '--port', 'x'], ws.env());
    expect([bad.code, bad.stderr]).toEqual([2, 'kratomlit: schedule: --port must be a whole number from 0 to 65535, got "x"\n']);
    expect(existsSync(ws.db)).toBe(false);
    running = startCli(['schedule', '--serve', '--port', '0'], ws.env());
    const url = await servingUrl(running);
    expect(existsSync(ws.db)).toBe(true);
    expect((await fetch(`${url}status`)).status).toBe(200);
    running.child.kill('SIGTERM');
    expect((await running.done).code).toBe(0);
  });

  it('schedule with a bad cron expression or a missing SMTP password refuses before creating a library', async () => {
    ws = makeWorkspace();
    const file = JSON.parse(readFileSync(ws.config, 'utf8')) as Record<string, unknown>;
    writeFileSync(ws.config, JSON.stringify({ ...file, ingest: { schedule: { cron: '99 99 * * *' } } }));
    for (const args of [['schedule'], ['schedule', '--serve', '--port', '0']]) {
      const r = await runCli(args, ws.env());
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/ingest\.schedule\.cron: "99 99 \* \* \*" is not a valid cron expression/);
      expect(existsSync(ws.db), args.join(' ')).toBe(false);
    }
    const email = { host: '127.0.0.1', port: 2525, security: 'none', from: 'k@example.org', to: ['a@example.org'], user: 'u', passwordEnv: 'KRATOMLIT_TEST_NO_SUCH_PASSWORD' };
    writeFileSync(ws.config, JSON.stringify({ ...file, delivery: { email } }));
    const r = await runCli(['schedule'], ws.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/KRATOMLIT_TEST_NO_SUCH_PASSWORD/);
    expect(existsSync(ws.db)).toBe(false);
  });

  it('a second schedule on the same library refuses (exit 4), naming the one running; it starts once that one stopped', async () => {
    ws = workspaceWithRecords();
    running = startCli(['schedule', '--serve', '--port', '0'], ws.env());
    await servingUrl(running);
    const second = await runCli(['schedule'], ws.env());
    expect(second.code).toBe(4);
    expect(second.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^kratomlit: schedule: .*holds the scheduler lock: pid ${String(running.child.pid)} on \\S+ running "schedule --serve" since \\d{4}-`));
    running.child.kill('SIGTERM');
    expect((await running.done).code).toBe(0);
    running = startCli(['schedule'], ws.env());
    await waitFor(() => running?.stderr().includes('scheduler started') ?? false, 'the second scheduler to start');
    running.child.kill('SIGTERM');
    expect((await running.done).code).toBe(0);
  });

  it('schedule refuses --port without --serve', async () => {
    ws = workspaceWithRecords();
    const r = await runCli(['schedule', '--port', '8470'], ws.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kratomlit: schedule: --port, --host, --base-path and --search-threads need --serve\n');
  });

  it('schedule refuses --search-threads without --serve rather than ignoring it', async () => {
    ws = workspaceWithRecords();
    const r = await runCli(['schedule', '--search-threads', '2'], ws.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kratomlit: schedule: --port, --host, --base-path and --search-threads need --serve\n');
  });

  it('schedule --serve names itself, once, for a bad serving option', async () => {
    ws = workspaceWithRecords();
    for (const [flag, value, rule] of [['--search-threads', 'x', 'a whole number from 0 to 16'], ['--port', 'x', 'a whole number from 0 to 65535']]) {
      const r = await runCli(['schedule', '--serve', flag as string, value as string], ws.env());
      expect(r.code, flag).toBe(2);
      expect(r.stderr, flag).toBe(`kratomlit: schedule: ${flag} must be ${rule}, got "${value}"\n`);
    }
  });
});
