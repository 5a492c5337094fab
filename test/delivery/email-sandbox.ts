/**
 * The sandbox every `digest --send` test file starts from: a library imported once (a template copied per
 * test), a real SMTP server on 127.0.0.1 per test, a config pointing at it, and readers for the e-mail rows
 * of the run ledger. `useEmailSandbox()` registers the vitest hooks and returns the live state.
 */
import { cpSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type CliResult, type Sandbox, articleSet, assertBuilt, sandbox } from '../cli/run-cli.js';
import { type TestSmtpServer, startSmtpServer } from '../support/smtp-server.js';

export const PASSWORD = 'pw-7f3c9e1a-never-logged';
export const ENV = { KRATOMLIT_TEST_SMTP_PW: PASSWORD };

/** One test's sandbox, server and config path (tests may restart the server or rewrite the config). */
export interface EmailSandbox {
  sb: Sandbox;
  smtp: TestSmtpServer;
  config: string;
  /** Writes the config for the current server (recipients ana and ben, fast retries) with `extra` merged in. */
  writeConfig(extra?: Record<string, unknown>): string;
  /** `digest --week <week> --send` with the current config. */
  send(week: string, more?: string[], env?: Record<string, string>): Promise<CliResult>;
  /** The ledger's e-mail rows, oldest first. */
  emailRuns(): Array<{ status: string; details: Record<string, unknown>; error: string | null }>;
  restartSmtp(): Promise<void>;
}

/** The error lines (`--verbose` adds stack traces after them). */
export const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('kratomlit:'));

export function useEmailSandbox(): EmailSandbox {
  let template: Sandbox;
  const t = {
    writeConfig(extra: Record<string, unknown> = {}): string {
      const email = {
        host: '127.0.0.1', port: t.smtp.port, security: 'none', user: 'digest', passwordEnv: 'KRATOMLIT_TEST_SMTP_PW',
        from: 'kratomlit@lab.example.org', to: ['ana@example.org', 'ben@example.org'], retryDelayMs: 5, retries: 3, ...extra,
      };
      return t.sb.write('kratomlit.config.json', JSON.stringify({ digest: { outDir: 'digests' }, delivery: { email } }));
    },
    send: (week: string, more: string[] = [], env: Record<string, string> = ENV): Promise<CliResult> =>
      t.sb.run(['--config', t.config, '--verbose', 'digest', '--week', week, '--send', ...more], env),
    emailRuns() {
      const db = new Database(t.sb.db, { readonly: true });
      try {
        const rows = db.prepare("SELECT status, details_json, error FROM runs WHERE kind = 'email' ORDER BY id").all() as Array<{ status: string; details_json: string; error: string | null }>;
        return rows.map((r) => ({ status: r.status, details: JSON.parse(r.details_json) as Record<string, unknown>, error: r.error }));
      } finally {
        db.close();
      }
    },
    async restartSmtp(): Promise<void> {
      await t.smtp.close();
      t.smtp = await startSmtpServer({ user: 'digest', pass: PASSWORD });
      t.config = t.writeConfig();
    },
  } as EmailSandbox;

  beforeAll(async () => {
    assertBuilt();
    template = sandbox();
    template.write('a.xml', articleSet([
      { pmid: '101', entrez: '2026-11-17', title: 'Kratom withdrawal in adults' },
      { pmid: '102', entrez: '2026-11-18', title: 'Mitragynine in urine' },
      { pmid: '103', entrez: '2026-11-19', title: 'A retracted kratom study', retractionIn: '999', publicationTypes: ['Journal Article', 'Retracted Publication'] },
      { pmid: '201', entrez: '2026-11-25', title: 'Kratom use in the next week' },
    ]));
    expect((await template.run(['import', 'a.xml'])).code).toBe(0);
    // The nightly ingest that ended on Sunday 29 November: every week up to 2026-W47 was covered by it,
    // W48 up to then, later weeks not at all (an import covers no week: it is no check of PubMed).
    addIngestRun(template.db, { status: 'ok', startedAt: '2026-11-29T03:30:00.000Z', endedAt: '2026-11-29T03:31:00.000Z' });
  });
  afterAll(() => template.cleanup());
  beforeEach(async () => {
    t.sb = sandbox();
    cpSync(dirname(template.db), dirname(t.sb.db), { recursive: true });
    t.smtp = await startSmtpServer({ user: 'digest', pass: PASSWORD });
    t.config = t.writeConfig();
  });
  afterEach(async () => {
    await t.smtp.close();
    t.sb.cleanup();
  });
  return t;
}

/** Writes an ingest run of both default topics into the run ledger of the library at `dbPath`. */
export function addIngestRun(dbPath: string, run: { status: 'ok' | 'failed'; startedAt: string; endedAt: string; error?: string }): void {
  const db = new Database(dbPath);
  try {
    const details = { topics: [{ topic: 'mitragynine' }, { topic: '7-hydroxymitragynine' }] };
    db.prepare('INSERT INTO runs (kind, started_at, ended_at, status, pid, details_json, error) VALUES (?, ?, ?, ?, NULL, ?, ?)')
      .run('ingest', run.startedAt, run.endedAt, run.status, JSON.stringify(details), run.error ?? null);
  } finally {
    db.close();
  }
}
