import { readFileSync } from 'node:fs';
import { RecordSplitter } from '../pubmed/split.js';
import { shipped } from '../paths.js';
import type { ServerRecord } from '../loopback/eutils-server.js';

/** The shipped sample corpus (data/sample): synthetic records written for kratomlit, not real PubMed data. */
export interface DemoCorpus {
  /** The first night's PubMed. */
  initial: ServerRecord[];
  /** Revised and new records that appear before the second night. */
  revisions: ServerRecord[];
  /** PMIDs PubMed withdraws before the second night. */
  deletedOnSecondNight: string[];
}

interface ManifestDates {
  entrezDate: string;
  modifiedDate: string;
}

interface Manifest {
  deletedOnSecondNight: string[];
  records: Record<string, ManifestDates & { revision?: ManifestDates }>;
}

/** Reads data/sample/pubmed-sample.xml, revisions.xml and manifest.json into loopback-server records. */
export function loadDemoCorpus(): DemoCorpus {
  const manifest = JSON.parse(readFileSync(shipped('data', 'sample', 'manifest.json'), 'utf8')) as Manifest;
  // A revised record carries its second-night dates under `revision`.
  const toServer = (file: string, revised: boolean) =>
    splitRecords(readFileSync(shipped('data', 'sample', file), 'utf8'), file).map(({ pmid, xml }) => {
      const entry = manifest.records[pmid];
      const m = revised ? (entry?.revision ?? entry) : entry;
      if (!m) throw new Error(`demo: data/sample/manifest.json has no entry for PMID ${pmid} (${file})`);
      return { pmid, xml, entrezDate: m.entrezDate, modifiedDate: m.modifiedDate };
    });
  return { initial: toServer('pubmed-sample.xml', false), revisions: toServer('revisions.xml', true), deletedOnSecondNight: manifest.deletedOnSecondNight };
}

function splitRecords(text: string, source: string): Array<{ pmid: string; xml: string }> {
  const splitter = new RecordSplitter({ source });
  const items = splitter.push(text);
  splitter.end();
  return items.map((item) => {
    const pmid = /<PMID[^>]*>(\d+)<\/PMID>/.exec(item.xml)?.[1];
    if (!pmid) throw new Error(`demo: a record in ${source} has no PMID`);
    return { pmid, xml: item.xml };
  });
}

/** What changes between the first and the second night, as a server applies it. */
export interface SecondNight {
  /** Revised and new records, dated for a windowed ingest (see {@link secondNight}). */
  upserts: ServerRecord[];
  /** PMIDs withdrawn. */
  removed: string[];
  /** How many of `upserts` revise a first-night record (the rest are new). */
  revised: number;
}

/**
 * The second night for a server someone ingests from by hand, at today's clock rather than the demo's fixed
 * nights: the revisions are stamped modified on `day` (`YYYY-MM-DD`), and the new records entered on it, so
 * an incremental ingest's date window (the last run minus its overlap, through tomorrow) finds them. The
 * records' XML keeps its own dates: only the server's date filters see `day`.
 */
export function secondNight(corpus: DemoCorpus, day: string): SecondNight {
  const first = new Set(corpus.initial.map((r) => r.pmid));
  const upserts = corpus.revisions.map((r) => ({ ...r, modifiedDate: day, entrezDate: first.has(r.pmid) ? r.entrezDate : day }));
  return { upserts, removed: [...corpus.deletedOnSecondNight], revised: upserts.filter((r) => first.has(r.pmid)).length };
}
