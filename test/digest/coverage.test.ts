/**
 * How far the ingests covered a digest's week, and what every format says about it: a week no ingest
 * looked at is never "a quiet week", a failed ingest in the week is named, a week in progress says so.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { collectDigest, stampAsOf } from '../../src/digest/collect.js';
import { type IngestRunFacts, weekCoverage, withCoverage } from '../../src/digest/coverage.js';
import { renderAtom } from '../../src/digest/render-atom.js';
import { renderHtml } from '../../src/digest/render-html.js';
import { renderJson } from '../../src/digest/render-json.js';
import { renderMarkdown } from '../../src/digest/render-md.js';
import { weekRange } from '../../src/digest/week.js';
import { TOPICS } from '../fixtures/digest/library.js';
import { weekBody } from '../../src/web/pages/digests.js';
import { urls } from '../../src/web/urls.js';

const W49 = weekRange('2026-W49', 'UTC'); // 2026-11-30T00:00Z to 2026-12-07T00:00Z

function run(id: number, status: IngestRunFacts['status'], startedAt: string, endedAt: string | null, topics = TOPICS, error: string | null = null): IngestRunFacts {
  return { id, status, startedAt, endedAt, topics, error };
}

/** The week's (empty) digest with its coverage by `runs`, as written at `now`. */
function emptyWeek(runs: IngestRunFacts[], now = new Date('2026-12-07T18:00:00Z')) {
  const doc = collectDigest({ week: W49, entered: [], revisions: [], topics: TOPICS, perTopicCap: 25 });
  return stampAsOf(withCoverage(doc, weekCoverage(W49, TOPICS, runs)), null, now);
}

/** The text of every format: Markdown, HTML, the Atom entry's content, the web's week page. */
function faces(doc: ReturnType<typeof emptyWeek>): Record<string, string> {
  const atom = new XMLParser().parse(renderAtom([doc], { feedWeeks: 1 })) as { feed: { entry: { content: string } } };
  return { md: renderMarkdown(doc).replace(/\\/g, ''), html: renderHtml(doc), atom: atom.feed.entry.content, web: weekBody(doc, [doc.week], urls('')).value };
}

describe('week coverage by ingests', () => {
  it('is full for a topic a successful ingest covered past the week, naming the first such run; partial up to the last one inside it; none before', () => {
    const runs = [
      run(1, 'ok', '2026-11-26T03:30:00.000Z', '2026-11-26T03:31:00.000Z'),
      run(2, 'ok', '2026-12-03T03:30:00.000Z', '2026-12-03T03:31:00.000Z', ['mitragynine']),
      run(3, 'partial', '2026-12-07T03:30:00.000Z', '2026-12-07T03:31:00.000Z', ['mitragynine']),
      run(4, 'ok', '2026-12-08T03:30:00.000Z', '2026-12-08T03:31:00.000Z', ['mitragynine']),
      run(5, 'failed', '2026-12-04T03:30:00.000Z', '2026-12-04T03:30:09.000Z', ['7-hydroxymitragynine'], 'esearch gave up after 6 attempts\nstack...'),
      run(6, 'failed', '2026-11-29T03:30:00.000Z', '2026-11-29T03:30:09.000Z'), // the week before
    ];
    expect(weekCoverage(W49, TOPICS, runs)).toEqual({
      topics: [
        { topic: 'mitragynine', covered: 'full', through: '2026-12-07T03:31:00.000Z', line: 'mitragynine: covered (an ingest ended 2026-12-07 03:31 UTC, after the week)' },
        { topic: '7-hydroxymitragynine', covered: 'none', through: '2026-11-26T03:30:00.000Z', line: '7-hydroxymitragynine: not covered: the last successful ingest searched PubMed 2026-11-26 03:30 UTC, before the week began' },
      ],
      problems: [{ run: 5, status: 'failed', startedAt: '2026-12-04T03:30:00.000Z', line: 'ingest run 5 started 2026-12-04 03:30 UTC failed: esearch gave up after 6 attempts' }],
    });
    const partly = weekCoverage(W49, ['mitragynine'], runs.slice(0, 2)).topics[0];
    expect(partly).toMatchObject({ covered: 'partial', through: '2026-12-03T03:30:00.000Z' });
    // A run that started before the week ended searched PubMed only up to its start, however late it ended.
    const straddling = weekCoverage(W49, ['mitragynine'], [run(9, 'ok', '2026-12-06T23:58:00.000Z', '2026-12-07T00:05:00.000Z', ['mitragynine'])]).topics[0];
    expect(straddling).toMatchObject({ covered: 'partial', through: '2026-12-06T23:58:00.000Z' });
  });

  it('never calls a week no ingest covered "a quiet week", in any format, and says when the last one ended', () => {
    const doc = emptyWeek([run(3, 'ok', '2026-11-26T03:30:00.000Z', '2026-11-26T03:30:00.000Z')]);
    const said = 'No ingest covered this week yet (the last successful one searched PubMed 2026-11-26 03:30 UTC).';
    for (const [face, text] of Object.entries(faces(doc))) {
      expect(text, face).toContain(said);
      expect(text, face).not.toMatch(/quiet week/i);
      expect(text, face).not.toContain('No new papers entered PubMed');
    }
    expect(JSON.parse(renderJson(doc))).toMatchObject({ coverage: { topics: [{ topic: 'mitragynine', covered: 'none' }, { topic: '7-hydroxymitragynine', covered: 'none' }], problems: [] } });
  });

  it('names an ingest that failed during the week in every format, and the week is not quiet though covered', () => {
    const doc = emptyWeek([
      run(7, 'failed', '2026-12-02T03:30:00.000Z', '2026-12-02T03:30:12.000Z', TOPICS, 'esearch: ECONNREFUSED'),
      run(8, 'ok', '2026-12-07T03:30:00.000Z', '2026-12-07T03:32:00.000Z'),
    ]);
    for (const [face, text] of Object.entries(faces(doc))) {
      expect(text, face).toContain('ingest run 7 started 2026-12-02 03:30 UTC failed: esearch: ECONNREFUSED');
      expect(text, face).toContain('1 ingest run in this week did not complete');
      expect(text, face).not.toMatch(/quiet week/i);
    }
  });

  it('calls a week quiet only when every topic was covered and no ingest failed in it', () => {
    const doc = emptyWeek([run(8, 'ok', '2026-12-07T03:30:00.000Z', '2026-12-07T03:32:00.000Z')]);
    for (const [face, text] of Object.entries(faces(doc))) expect(text, face).toContain('A quiet week');
  });

  it('says "in progress, as of" in Markdown, HTML and the feed for a week written before its end, and inProgress in the JSON', () => {
    const doc = emptyWeek([run(8, 'ok', '2026-12-03T03:30:00.000Z', '2026-12-03T03:32:00.000Z')], new Date('2026-12-03T10:00:00Z'));
    for (const [face, text] of Object.entries(faces(doc))) {
      expect(text, face).toContain('Week in progress, as of 2026-12-03 10:00 UTC: it is written again, whole, once it ends (2026-12-07 00:00 UTC).');
      expect(text, face).toContain('Ingests covered this week only up to 2026-12-03 03:30 UTC so far');
      expect(text, face).not.toMatch(/quiet week/i);
    }
    expect(JSON.parse(renderJson(doc))).toMatchObject({ asOf: '2026-12-03T10:00:00.000Z', inProgress: true });
    const ended = emptyWeek([run(8, 'ok', '2026-12-07T03:30:00.000Z', '2026-12-07T03:32:00.000Z')]);
    expect(JSON.parse(renderJson(ended))).toMatchObject({ asOf: '2026-12-07T00:00:00.000Z', inProgress: false });
    expect(renderMarkdown(ended)).not.toContain('in progress');
  });
});
