/**
 * A sandbox and a loopback E-utilities server for CLI tests that ingest: set up in `beforeAll`, torn down
 * in `afterAll` of the describe block that calls {@link useLoopbackWorld}.
 */
import { afterAll, beforeAll } from 'vitest';
import { type EutilsServer, type ServerRecord, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { makeRecord } from '../support/make-record.js';
import { type Sandbox, assertBuilt, sandbox } from './run-cli.js';

/** A loopback record entered (and last modified) on `entrez`. */
export function rec(pmid: string, entrez: string, title: string): ServerRecord {
  return { pmid, xml: makeRecord({ pmid, entrez, title }), entrezDate: entrez, modifiedDate: entrez };
}

export interface LoopbackWorld {
  sb: Sandbox;
  server: EutilsServer;
  /** EUTILS_BASE_URL, a test API key and KRATOMLIT_CONFIG for `sb.run`. */
  env: Record<string, string>;
}

/** Registers the hooks; the returned object is filled once `beforeAll` has run. */
export function useLoopbackWorld(records: () => ServerRecord[], config: object): LoopbackWorld {
  const w = {} as LoopbackWorld;
  beforeAll(async () => {
    assertBuilt();
    w.sb = sandbox();
    w.server = await startEutilsServer({ records: records(), rateLimit: null });
    // An API key only for speed (10 requests/s need one); the loopback server accepts any.
    w.env = { EUTILS_BASE_URL: w.server.url, NCBI_API_KEY: 'loopback-test-key', KRATOMLIT_CONFIG: w.sb.write('kratomlit.config.json', JSON.stringify(config)) };
  });
  afterAll(async () => {
    await w.server?.close();
    w.sb?.cleanup();
  });
  return w;
}
