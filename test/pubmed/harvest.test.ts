import { afterEach, describe, expect, it } from 'vitest';
import { createPubmedClient, type PubmedClient } from '../../src/pubmed/client.js';
import { dayNumber, dayString, harvestIds, uidSplitPoint, type HarvestSlice } from '../../src/pubmed/harvest.js';
import { EutilsError } from '../../src/errors.js';
import { startEutilsServer, type EutilsServer, type EutilsServerOptions } from '../../src/loopback/eutils-server.js';
import { makeRecords } from '../../src/loopback/eutils-records.js';

let server: EutilsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const DAYS = Array.from({ length: 10 }, (_, i) => `2024-03-${String(i + 1).padStart(2, '0')}`);

async function setup(opts: EutilsServerOptions): Promise<PubmedClient> {
  server = await startEutilsServer({ rateLimit: null, ...opts });
  return createPubmedClient({ baseUrl: server.url, tool: 't', email: null, apiKey: null, requestsPerSecond: 1000, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
}

const MARCH = { datetype: 'edat', mindate: '2024/03/01', maxdate: '2024/03/31' } as const;

function esearches() {
  return (server?.requests ?? []).filter((r) => r.utility === 'esearch');
}

describe('harvestIds', () => {
  it('collects every id of a query under the cap, paging through its WebEnv', async () => {
    const client = await setup({ records: makeRecords(45, 1000, DAYS) });
    const r = await harvestIds(client, 'mitragynine', MARCH, { cap: 50, pageSize: 20 });
    expect(r.count).toBe(45);
    expect(new Set(r.ids).size).toBe(45);
    expect(r.ids).toHaveLength(45);
    expect(r).toMatchObject({ slices: 1, requests: 3 });
    expect(esearches().slice(1).every((q) => q.params.WebEnv !== undefined && q.params.query_key !== undefined)).toBe(true);
  });

  it('splits a window over the cap by date until each slice fits, and the slices add up', async () => {
    const client = await setup({ records: makeRecords(230, 2000, DAYS), idCap: 50 });
    const slices: HarvestSlice[] = [];
    const r = await harvestIds(client, 'mitragynine', MARCH, { cap: 50, onSlice: (s) => slices.push(s) });
    expect(r.count).toBe(230);
    expect(new Set(r.ids)).toEqual(new Set(Array.from({ length: 230 }, (_, i) => String(2000 + i))));
    expect(slices.length).toBeGreaterThanOrEqual(5);
    expect(slices.every((s) => s.count <= 50 && s.uidRange === null)).toBe(true);
    expect(slices.reduce((n, s) => n + s.count, 0)).toBe(230);
    expect(esearches().every((q) => Number(q.params.retstart ?? 0) <= 49)).toBe(true);
  });

  it('splits one day over the cap by [uid] ranges', async () => {
    const records = [...makeRecords(120, 5000, ['2024-03-05']), ...makeRecords(30, 9000, DAYS)];
    const client = await setup({ records, idCap: 50 });
    const slices: HarvestSlice[] = [];
    const r = await harvestIds(client, 'mitragynine', MARCH, { cap: 50, onSlice: (s) => slices.push(s) });
    expect(r.count).toBe(150);
    expect(new Set(r.ids).size).toBe(150);
    expect(slices.some((s) => s.uidRange !== null)).toBe(true);
    expect(esearches().some((q) => /AND \d+:\d+\[uid\]$/.test(q.params.term ?? ''))).toBe(true);
  });

  it('splits a query without a window by PMID ranges, in few requests', async () => {
    const client = await setup({ records: makeRecords(180, 3000, ['1999-06-01', '2015-01-01', '2024-12-31']), idCap: 50 });
    const r = await harvestIds(client, 'mitragynine', null, { cap: 50 });
    expect(r.count).toBe(180);
    expect(new Set(r.ids).size).toBe(180);
    expect(esearches().every((q) => q.params.mindate === undefined)).toBe(true);
    expect(r.requests).toBeLessThanOrEqual(9);
  });

  it('refuses a partial result when the halves do not add up to the whole', async () => {
    // A PMID above the [uid] splitting bound is in the count but in neither half.
    const records = [...makeRecords(60, 4000, ['2020-01-01']), ...makeRecords(1, 1_000_000_000, ['2020-01-01'])];
    const client = await setup({ records, idCap: 50 });
    const err = await harvestIds(client, 'mitragynine', null, { cap: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EutilsError);
    expect((err as EutilsError).code).toBe('SLICE_MISMATCH');
    const m = /counted 61 but its halves count (\d+) \+ (\d+)/.exec((err as EutilsError).message);
    expect(Number(m?.[1]) + Number(m?.[2])).toBe(60);
  });

  it('accepts halves that disagree with the first count when a recount confirms PubMed changed meanwhile', async () => {
    const client = await setup({ records: makeRecords(80, 2000, DAYS), idCap: 50 });
    let added = false;
    const onSlice = () => {
      if (added) return;
      added = true;
      server?.upsert(makeRecords(1, 8000, ['2024-03-31'])[0]!);
    };
    const r = await harvestIds(client, 'mitragynine', MARCH, { cap: 50, onSlice });
    expect(r.count).toBe(81);
    expect(r.ids).toContain('8000');
  });

  it('redoes the search for the remaining part when the WebEnv expires mid-paging', async () => {
    const client = await setup({ records: makeRecords(45, 1000, DAYS) });
    server?.inject({ kind: 'webenv-expired', utility: 'esearch' });
    const r = await harvestIds(client, 'mitragynine', MARCH, { cap: 50, pageSize: 20 });
    expect(new Set(r.ids).size).toBe(45);
    const redo = esearches().find((q) => q.params.usehistory === 'y' && q.params.retstart === '20');
    expect(redo).toBeDefined();
  });

  it('retries a slice whose count shifts between pages once, then succeeds', async () => {
    const client = await setup({ records: makeRecords(45, 1000, DAYS) });
    server?.inject({ kind: 'count-shift' });
    const r = await harvestIds(client, 'mitragynine', MARCH, { cap: 50, pageSize: 20 });
    expect(r.ids).toHaveLength(45);
    expect(esearches().filter((q) => q.params.usehistory === 'y')).toHaveLength(2);
  });

  it('fails clearly when the count keeps shifting', async () => {
    const client = await setup({ records: makeRecords(45, 1000, DAYS) });
    server?.inject({ kind: 'count-shift', times: 10 });
    const err = await harvestIds(client, 'mitragynine', MARCH, { cap: 50, pageSize: 20 }).catch((e: unknown) => e);
    expect((err as EutilsError).code).toBe('SLICE_INCONSISTENT');
    expect((err as EutilsError).message).toContain('count changed from 45 to 46');
  });

  it('deduplicates ids repeated across pages and refetches the slice to find the one pushed out', async () => {
    const client = await setup({ records: makeRecords(45, 1000, DAYS) });
    server?.inject({ kind: 'dup-ids' });
    const r = await harvestIds(client, 'mitragynine', MARCH, { cap: 50, pageSize: 20 });
    expect(new Set(r.ids).size).toBe(45);
    expect(r.ids).toHaveLength(45);
  });

  it('lowers its cap and splits when the server refuses a retstart below the configured cap', async () => {
    const client = await setup({ records: makeRecords(60, 6000, DAYS), idCap: 20 });
    const r = await harvestIds(client, 'mitragynine', MARCH, { cap: 9999 });
    expect(r.count).toBe(60);
    expect(new Set(r.ids).size).toBe(60);
  });

  it('lists a PMID that esearch finds even when efetch would leave it out', async () => {
    const client = await setup({ records: [...makeRecords(3, 1000, DAYS), { pmid: '1500', xml: '', entrezDate: '2024-03-02', modifiedDate: '2024-03-02' }] });
    const r = await harvestIds(client, 'mitragynine', MARCH);
    expect(r.ids).toEqual(['1500', '1002', '1001', '1000']);
    expect(await client.efetchByIds(['1500'])).not.toContain('<PubmedArticle>');
  });

  it('returns nothing for a query without hits', async () => {
    const client = await setup({ records: makeRecords(5, 1000, DAYS) });
    expect(await harvestIds(client, 'nosuchword', MARCH)).toEqual({ ids: [], count: 0, slices: 1, requests: 1 });
  });
});

describe('harvest helpers', () => {
  it('converts YYYY/MM/DD to day numbers and back across month and leap boundaries', () => {
    expect(dayString(dayNumber('2024/02/28') + 1)).toBe('2024/02/29');
    expect(dayString(dayNumber('2024/02/29') + 1)).toBe('2024/03/01');
    expect(() => dayNumber('2024-02-01')).toThrow(/YYYY\/MM\/DD/);
  });

  it('cuts a PMID range above the lowest tenth of the listed ids, so both halves hold records', () => {
    const listed = Array.from({ length: 21 }, (_, i) => String(100 - i));
    expect(uidSplitPoint(listed, 1, 1000)).toBe(82);
    expect(uidSplitPoint(['50', '20'], 1, 100)).toBe(20);
    expect(uidSplitPoint(['7'], 1, 100)).toBe(50);
  });
});
