import { describe, expect, it } from 'vitest';
import { claimDelivery, deliveryState, finishDelivery, markPhase } from '../../src/delivery/ledger.js';
import { deliveryKey, messageIdOf, subjectOf, summaryOf } from '../../src/delivery/message.js';
import { openStore } from '../../src/store/open.js';
import { markAbandonedRuns } from '../../src/store/runs.js';
import type { DigestDocument } from '../../src/digest/types.js';

const now = new Date('2026-11-30T07:00:00Z');
const details = { key: deliveryKey('2026-W48', ['b@x.org', 'A@x.org']), week: '2026-W48', to: ['A@x.org', 'b@x.org'], messageId: '<m@x.org>', subject: 's' };
const alive = () => true;
const dead = () => false;

/** A claimed delivery whose process "died" (pid rewritten to one that is not running) in `phase`. */
function crashedIn(phase: 'sending' | 'waiting') {
  const db = openStore(':memory:');
  const c = claimDelivery(db, details, now, { isAlive: alive });
  if (!c.claimed) throw new Error('not claimed');
  markPhase(db, c.runId, { ...details, phase, attempts: 1 });
  db.prepare('UPDATE runs SET pid = 999999999 WHERE id = ?').run(c.runId);
  return db;
}

describe('delivery ledger', () => {
  it('claims a week once; a sent week and one another live process is sending are not claimed again', () => {
    const db = openStore(':memory:');
    const first = claimDelivery(db, details, now, { isAlive: alive });
    expect(first.claimed).toBe(true);
    db.prepare('UPDATE runs SET pid = 999999999').run();
    expect(claimDelivery(db, details, now, { isAlive: alive })).toMatchObject({ claimed: false, state: { state: 'in-progress' } });
    if (first.claimed) finishDelivery(db, first.runId, { outcome: 'ok', now, details: { ...details, phase: 'sending', attempts: 1 } });
    expect(claimDelivery(db, details, now, { isAlive: alive, force: true })).toMatchObject({ claimed: false, state: { state: 'sent' } });
  });

  it('a process that died mid-exchange leaves the week in doubt (also after markAbandonedRuns); force claims it', () => {
    const db = crashedIn('sending');
    expect(deliveryState(db, details, dead).state).toBe('in-doubt');
    markAbandonedRuns(db, now, dead);
    expect(deliveryState(db, details, dead).state).toBe('in-doubt');
    expect(claimDelivery(db, details, now, { isAlive: dead }).claimed).toBe(false);
    expect(claimDelivery(db, details, now, { isAlive: dead, force: true }).claimed).toBe(true);
  });

  it('a process that died while waiting to retry, or a failed send, leaves the week free to send', () => {
    expect(deliveryState(crashedIn('waiting'), details, dead).state).toBe('none');
    const db = openStore(':memory:');
    const c = claimDelivery(db, details, now, { isAlive: alive });
    if (c.claimed) finishDelivery(db, c.runId, { outcome: 'failed', now, details: { ...details, phase: 'waiting', attempts: 1 }, error: 'x' });
    expect(claimDelivery(db, details, now, { isAlive: alive }).claimed).toBe(true);
  });

  it('after a partial send claims only the recipients not yet accepted, and counts the week sent once all were', () => {
    const db = openStore(':memory:');
    const first = claimDelivery(db, details, now, { isAlive: alive });
    if (!first.claimed) throw new Error('not claimed');
    expect(first.to).toEqual(['A@x.org', 'b@x.org']);
    finishDelivery(db, first.runId, { outcome: 'partial', now, details: { ...details, phase: 'sending', attempts: 1, accepted: ['a@x.org'], refused: [{ to: 'b@x.org', reason: '550 no' }] } });
    expect(deliveryState(db, details, alive)).toMatchObject({ state: 'none', missing: ['b@x.org'] });
    const second = claimDelivery(db, details, now, { isAlive: alive });
    if (!second.claimed) throw new Error('not claimed');
    expect(second.to).toEqual(['b@x.org']);
    finishDelivery(db, second.runId, { outcome: 'ok', now, details: { ...details, to: second.to, phase: 'sending', attempts: 1, accepted: ['b@x.org'] } });
    expect(claimDelivery(db, details, now, { isAlive: alive })).toMatchObject({ claimed: false, state: { state: 'sent', missing: [] } });
  });

  it('a send that ended in doubt (no reply after the message was handed over) is not claimed again without force', () => {
    const db = openStore(':memory:');
    const c = claimDelivery(db, details, now, { isAlive: alive });
    if (c.claimed) finishDelivery(db, c.runId, { outcome: 'in-doubt', now, details: { ...details, phase: 'sending', attempts: 1 }, error: 'x' });
    expect(claimDelivery(db, details, now, { isAlive: alive })).toMatchObject({ claimed: false, state: { state: 'in-doubt' } });
    expect(claimDelivery(db, details, now, { isAlive: alive, force: true }).claimed).toBe(true);
  });

  it('keys by week and recipient list, whatever their order or case', () => {
    expect(deliveryKey('2026-W48', ['a@x.org', 'B@x.org'])).toBe(details.key);
    expect(deliveryKey('2026-W48', ['a@x.org'])).not.toBe(details.key);
    expect(deliveryKey('2026-W49', ['a@x.org', 'b@x.org'])).not.toBe(details.key);
    expect(messageIdOf('2026-W48/0123456789abcdef', 'd@lab.org')).toBe('<kratomlit.2026-W48.0123456789abcdef@lab.org>');
  });
});

describe('subject', () => {
  type N = [kind: string, pmid: string, retracts?: string];
  const doc = (counts: DigestDocument['counts'], notices: N[]) =>
    ({
      week: '2026-W48', counts,
      notices: notices.map(([kind, pmid, retracts]) => ({ kind, paper: { pmid }, related: retracts ? [{ type: 'RetractionOf', pmid: retracts, source: null, url: null }] : [] })),
    }) as unknown as DigestDocument;
  it('names the week and the counts, each kind of notice counted by the paper it is about', () => {
    expect(subjectOf('kratomlit: {week}, {summary}', doc({ new: 6, updated: 0, notices: 1 }, [['retracted', '1']]))).toBe('kratomlit: 2026-W48, 6 new papers, 1 retraction');
    expect(summaryOf(doc({ new: 1, updated: 2, notices: 3 }, [['retracted', '1'], ['retraction-notice', '2', '3'], ['erratum', '4']]))).toBe('1 new paper, 2 updated, 2 retractions, 1 correction');
    expect(summaryOf(doc({ new: 0, updated: 0, notices: 0 }, []))).toBe('quiet week');
    expect(subjectOf('{new}/{updated}/{retractions} {unknown}\n', doc({ new: 2, updated: 1, notices: 1 }, [['concern', '1']]))).toBe('2/1/0 {unknown}');
  });

  it('counts a record PubMed withdrew as withdrawn, apart from corrections and expressions of concern', () => {
    expect(summaryOf(doc({ new: 0, updated: 0, notices: 2 }, [['retracted', '1'], ['withdrawn', '2']]))).toBe('0 new papers, 1 retraction, 1 withdrawn from PubMed');
    expect(summaryOf(doc({ new: 1, updated: 0, notices: 4 }, [['withdrawn', '2'], ['withdrawn', '3'], ['erratum', '4'], ['concern-notice', '5']]))).toBe('1 new paper, 1 correction, 1 expression of concern, 2 withdrawn from PubMed');
  });

  it('says how much of the week the ingests covered: nothing when all topics were, the topics not covered when some were not, "not covered" when none was', () => {
    const covered = (topic: string, covered: 'full' | 'partial' | 'none', through: string | null = '2026-12-01T03:30:00.000Z') => ({ topic, covered, through, line: `${topic}: ${covered}` });
    const week = (...topics: Array<ReturnType<typeof covered>>) => ({ ...doc({ new: 2, updated: 0, notices: 0 }, []), coverage: { topics, problems: [] } }) as DigestDocument;
    expect(subjectOf('{week}: {summary}', week(covered('mitragynine', 'full'), covered('7-hydroxymitragynine', 'full')))).toBe('2026-W48: 2 new papers');
    expect(subjectOf('{week}: {summary}', week(covered('mitragynine', 'full'), covered('7-hydroxymitragynine', 'none')))).toBe('2026-W48: 2 new papers, not covered by an ingest yet for 7-hydroxymitragynine');
    expect(subjectOf('{week}: {summary}', week(covered('mitragynine', 'none'), covered('7-hydroxymitragynine', 'none', null)))).toBe('2026-W48: 2 new papers, not covered by an ingest yet');
    // Names that would make the subject long are counted instead.
    const many = ['speciociliatine', 'paynantheine', 'corynantheidine', 'mitraphylline'];
    expect(summaryOf(week(covered('mitragynine', 'full'), ...many.map((t) => covered(t, 'none'))))).toBe('2 new papers, 4 of 5 topics not covered by an ingest yet');
    // Some topics not covered outweighs others covered part of the week; all partly covered says up to when.
    expect(summaryOf(week(covered('mitragynine', 'partial'), covered('paynantheine', 'none')))).toBe('2 new papers, not covered by an ingest yet for paynantheine');
    expect(summaryOf(week(covered('mitragynine', 'partial'), covered('paynantheine', 'full')))).toBe('2 new papers, covered up to 2026-12-01 03:30 UTC');
  });

  it('counts a retracted paper and its retraction notice in the same week as one retraction', () => {
    const week = doc({ new: 1, updated: 3, notices: 2 }, [['retracted', '41900012'], ['retraction-notice', '41900061', '41900012']]);
    expect(summaryOf(week)).toBe('1 new paper, 3 updated, 1 retraction');
    expect(subjectOf('{retractions}/{notices}', week)).toBe('1/2');
  });
});
