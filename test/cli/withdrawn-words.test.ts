/**
 * One word for a withdrawn record and the same notice badges as the web and MCP: `show` calls a record
 * PubMed deleted "Withdrawn from PubMed" (the digest's words), and the search list badges a retraction
 * notice as well as a retracted paper, in the badges' words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticleSet, makeRecord } from '../support/make-record.js';
import { type Sandbox, assertBuilt, sandbox } from './run-cli.js';

const RECORDS = [
  { pmid: '5101', entrez: '2026-11-02', year: 2024, title: 'Kratom and seizures: a case series', retractionIn: '5102' },
  { pmid: '5102', entrez: '2026-11-03', year: 2025, title: 'Retraction: Kratom and seizures', publicationTypes: ['Retraction of Publication'] },
  { pmid: '5103', entrez: '2026-11-04', year: 2025, title: 'Kratom use in a national survey' },
  { pmid: '5104', entrez: '2026-11-05', year: 2025, title: 'Kratom tea withdrawn later' },
];
/** A retraction notice NLM marks only by its RetractionOf link, not by its publication type. */
const LINKED_NOTICE = makeRecord({ pmid: '5105', entrez: '2026-11-06', year: 2025, title: 'Notice: Kratom survey retracted' }).replace(
  '<MeshHeadingList>',
  '<CommentsCorrectionsList><CommentsCorrections RefType="RetractionOf"><RefSource>Kratom use in a survey</RefSource><PMID Version="1">5199</PMID></CommentsCorrections></CommentsCorrectionsList><MeshHeadingList>',
);

describe('withdrawn records and notice badges on the command line', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const first = await sb.run(['import', sb.write('a.xml', makeArticleSet([...RECORDS.map((r) => makeRecord(r)), LINKED_NOTICE]))]);
    if (first.code !== 0) throw new Error(`fixture import failed: ${first.stderr}`);
    const del = await sb.run(['import', sb.write('d.xml', makeArticleSet(['<DeleteCitation><PMID Version="1">5104</PMID></DeleteCitation>']))]);
    if (del.code !== 0) throw new Error(`deletion import failed: ${del.stderr}`);
  });
  afterAll(() => sb.cleanup());

  it('show names a withdrawn record "Withdrawn from PubMed" and notices in the badges\' words', async () => {
    const r = await sb.run(['show', '5104', '5101', '5102']);
    expect(r.code, r.stderr).toBe(0);
    const heads = r.stdout.split('\n').filter((l) => l.startsWith('PMID '));
    expect(heads).toEqual([
      expect.stringMatching(/^PMID 5104 \(version 1\).* · Withdrawn from PubMed$/),
      expect.stringMatching(/^PMID 5101 \(version 1\).* · Retracted$/),
      expect.stringMatching(/^PMID 5102 \(version 1\).* · Retraction notice$/),
    ]);
    expect(r.stdout).not.toMatch(/DELETED|RETRACTED|RETRACTION NOTICE/);
  });

  it('search badges the retraction notices (by type or by RetractionOf link) and the retracted paper, with each hit\'s design as the web does', async () => {
    const r = await sb.run(['search', 'kratom', '--limit', '10']);
    expect(r.code, r.stderr).toBe(0);
    const titles = r.stdout.split('\n').filter((l) => /^\d+\. /.test(l)).map((l) => l.replace(/^\d+\. /, '')).sort();
    expect(titles).toEqual([
      'Kratom and seizures: a case series [Retracted, Case report]',
      'Kratom use in a national survey [Observational]',
      'Notice: Kratom survey retracted [Retraction notice, Observational]',
      'Retraction: Kratom and seizures [Retraction notice, Other]',
    ]);
    // The list prints the hits' own badges (what --json, the web and MCP say), in their order.
    const hits = JSON.parse((await sb.run(['search', 'kratom', '--limit', '10', '--json'])).stdout) as Array<{ title: string; badges: string[] }>;
    expect(hits.map((h) => `${h.title} [${h.badges.join(', ')}]`).sort()).toEqual(titles);
  });
});
