import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { countPubmedRecords, plainChunks, readPubmedFile } from '../../src/pubmed/read-file.js';
import { RecordSplitter, type SplitItem } from '../../src/pubmed/split.js';

const dir = mkdtempSync(join(tmpdir(), 'kratomlit-read-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixtureText = readFileSync(new URL('../fixtures/pubmed/articles.xml', import.meta.url), 'utf8');

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string, batchSize?: number): Promise<SplitItem[][]> {
  const batches: SplitItem[][] = [];
  for await (const batch of readPubmedFile(path, batchSize === undefined ? {} : { batchSize })) batches.push(batch);
  return batches;
}

/** A document of `n` small records with ascending PMIDs. */
function smallDocument(n: number): string {
  const records = Array.from({ length: n }, (_, i) => `<PubmedArticle><MedlineCitation><PMID>${i + 1}</PMID></MedlineCitation></PubmedArticle>`);
  return `<?xml version="1.0"?>\n<PubmedArticleSet>\n${records.join('\n')}\n</PubmedArticleSet>\n`;
}

describe('readPubmedFile', () => {
  it('streams a plain file into batches of batchSize records, in file order', async () => {
    const batches = await readAll(write('five.xml', smallDocument(5)), 2);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(batches.flat().map((i) => /<PMID>(\d+)/.exec(i.xml)?.[1])).toEqual(['1', '2', '3', '4', '5']);
  });

  it('reads gzip by its magic bytes, whatever the file is called', async () => {
    const plain = (await readAll(write('plain.xml', fixtureText))).flat();
    const gz = (await readAll(write('looks-plain.xml', gzipSync(fixtureText)))).flat();
    expect(plain).toHaveLength(3);
    expect(gz).toEqual(plain);
  });

  it('decodes UTF-8 characters split across chunk boundaries', async () => {
    const title = 'μ-opioid 7-hydroxymitragynine ß '.repeat(20_000);
    const doc = `<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><T>${title}</T></MedlineCitation></PubmedArticle></PubmedArticleSet>`;
    const [item] = (await readAll(write('utf8.xml.gz', gzipSync(doc)))).flat();
    expect(item?.xml).toContain(title);
  });

  it('reports bytes read and the file size through onProgress', async () => {
    const path = write('progress.xml', smallDocument(3));
    const calls: [number, number][] = [];
    for await (const batch of readPubmedFile(path, { onProgress: (read, total) => calls.push([read, total]) })) void batch;
    const size = readFileSync(path).length;
    expect(calls.at(-1)).toEqual([size, size]);
  });

  it('throws GZIP_CORRUPT naming the file for a truncated .gz', async () => {
    const gz = gzipSync(smallDocument(2000));
    const path = write('cut.xml.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    await expect(readAll(path)).rejects.toMatchObject({ code: 'GZIP_CORRUPT', message: expect.stringContaining('cut.xml.gz') });
  });

  it('throws GZIP_CORRUPT for gzip magic followed by garbage', async () => {
    const path = write('garbage.gz', Buffer.from([0x1f, 0x8b, 0x00, 0x01, 0x02, 0x03, 0x04]));
    await expect(readAll(path)).rejects.toMatchObject({ code: 'GZIP_CORRUPT' });
  });

  it('throws XML_TRUNCATED for a plain file cut inside a record', async () => {
    const doc = smallDocument(3);
    const path = write('cut.xml', doc.slice(0, doc.lastIndexOf('<PMID>') + 7));
    await expect(readAll(path)).rejects.toMatchObject({ code: 'XML_TRUNCATED', message: expect.stringContaining('cut.xml') });
  });

  it('throws EMPTY_INPUT naming an empty file', async () => {
    await expect(readAll(write('empty.xml', ''))).rejects.toMatchObject({ code: 'EMPTY_INPUT', message: expect.stringContaining('empty.xml') });
  });

  it('throws EMPTY_INPUT for a gzip file holding nothing', async () => {
    await expect(readAll(write('empty.xml.gz', gzipSync('')))).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
  });

  it('throws NOT_PUBMED naming a file that is not PubMed XML', async () => {
    const path = write('search.xml', '<?xml version="1.0"?><eSearchResult><Count>1</Count></eSearchResult>');
    await expect(readAll(path)).rejects.toMatchObject({ code: 'NOT_PUBMED', message: expect.stringContaining('search.xml') });
  });

  it('throws FILE_NOT_FOUND naming a missing file', async () => {
    const path = join(dir, 'missing.xml');
    await expect(readAll(path)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringContaining('missing.xml') });
  });
});

/** What draining {@link readPubmedFile} gives: the record count, or the error's code and message. */
async function exactOutcome(path: string): Promise<unknown> {
  try {
    return (await readAll(path)).flat().length;
  } catch (err) {
    return { code: (err as { code?: string }).code, message: (err as Error).message };
  }
}

async function countOutcome(path: string): Promise<unknown> {
  try {
    return await countPubmedRecords(path);
  } catch (err) {
    return { code: (err as { code?: string }).code, message: (err as Error).message };
  }
}

describe('countPubmedRecords', () => {
  const bom = '\ufeff';
  const doc = smallDocument(5);
  const cases: Array<[string, string | Buffer]> = [
    ['the fixture (non-ASCII text inside records)', fixtureText],
    ['a byte-order mark before the declaration', bom + fixtureText],
    ['a byte-order mark after the declaration', doc.replace('?>\n', `?>${bom}\n`)],
    ['a byte-order mark between records', doc.replace('</PubmedArticle>\n', `</PubmedArticle>${bom}\n`)],
    ['non-ASCII text quoted by NOT_PUBMED', 'Größe: kein XML'],
    ['non-ASCII root element', '<Größe>1</Größe>'],
    ['a cut just after non-ASCII text', fixtureText.slice(0, fixtureText.lastIndexOf('<PMID') - 20)],
    ['a stray closing tag after non-ASCII text', doc.replace('</PubmedArticleSet>', 'ü</Other></PubmedArticleSet>')],
    ['only a prolog', '<?xml version="1.0"?>\n<!-- ä -->\n'],
    ['whitespace only', ' \n '],
  ];
  it.each(cases)('answers exactly as reading the file does: %s', async (name, content) => {
    const path = write(`count-${cases.findIndex(([n]) => n === name)}.xml`, content);
    expect(await countOutcome(path)).toEqual(await exactOutcome(path));
  });

  it('answers exactly as reading does for invalid UTF-8 bytes, and for gzip', async () => {
    const bad = Buffer.concat([Buffer.from('<PubmedArticleSet><PubmedArticle>'), Buffer.from([0xc3, 0xff, 0xe2]), Buffer.from('</PubmedArticle></PubmedArticleSet>')]);
    // A lone 0xA0 byte reads as U+00A0 in latin1 (white space to JavaScript, not to XML) and U+FFFD in UTF-8.
    const nbsp = (before: string, after: string) => Buffer.concat([Buffer.from(before), Buffer.from([0xa0]), Buffer.from(after)]);
    const rootTag = nbsp(doc.slice(0, doc.lastIndexOf('>')), '>');
    const subset = nbsp('<!DOCTYPE PubmedArticleSet [ <!ENTITY a "b"> ]', `>${doc.replace('<?xml version="1.0"?>', '')}`);
    for (const path of [write('count-nbsp-root.xml', rootTag), write('count-nbsp-subset.xml', subset)]) {
      expect(await countOutcome(path)).toEqual(await exactOutcome(path));
      expect(await countOutcome(path)).toMatchObject({ code: expect.any(String) });
    }
    for (const path of [write('count-bad.xml', bad), write('count.xml.gz', gzipSync(fixtureText)), write('count-cut.gz', gzipSync(doc).subarray(0, 30))]) {
      expect(await countOutcome(path)).toEqual(await exactOutcome(path));
    }
  });
});


/** Every record handed out before the end or the error, and the error's code and message. */
async function drain(path: string, batchSize?: number): Promise<{ items: SplitItem[]; error: unknown }> {
  const items: SplitItem[] = [];
  try {
    for await (const batch of readPubmedFile(path, batchSize === undefined ? {} : { batchSize })) items.push(...batch.map(withoutBytes));
    return { items, error: null };
  } catch (err) {
    return { items, error: { code: (err as { code?: string }).code, message: (err as Error).message } };
  }
}

/** A record as the text splitter hands it out, after checking that its bytes (when kept) decode to its text. */
function withoutBytes({ kind, xml, bytes }: SplitItem): SplitItem {
  if (bytes !== undefined) expect(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')).toBe(xml);
  return { kind, xml };
}

/** The text splitter on the file's whole UTF-8 text: the same shape as {@link drain}. */
function textSplit(path: string, bytes: Buffer): { items: SplitItem[]; error: unknown } {
  const splitter = new RecordSplitter({ source: path });
  const items: SplitItem[] = [];
  try {
    items.push(...splitter.push(bytes.toString('utf8')));
    splitter.end();
    return { items, error: null };
  } catch (err) {
    return { items, error: { code: (err as { code?: string }).code, message: (err as Error).message } };
  }
}

describe('readPubmedFile cutting records from the bytes', () => {
  const doc = smallDocument(6);
  const nbsp = Buffer.concat([Buffer.from('<!DOCTYPE PubmedArticleSet [ <!ENTITY a "b"> ]'), Buffer.from([0xa0]), Buffer.from(`>${doc.replace('<?xml version="1.0"?>', '')}`)]);
  const cases: Array<[string, string | Buffer]> = [
    ['non-ASCII text inside records', fixtureText],
    ['a byte-order mark before the declaration and between records', `\ufeff${doc.replace('</PubmedArticle>\n', '</PubmedArticle>\ufeff\n')}`],
    ['invalid UTF-8 inside a record', Buffer.concat([Buffer.from('<PubmedArticleSet><PubmedArticle>'), Buffer.from([0xc3, 0xff, 0xe2]), Buffer.from('</PubmedArticle></PubmedArticleSet>')])],
    ['a stray closing tag after four records', doc.replace('<PubmedArticle><MedlineCitation><PMID>5<', 'ü</Other><PubmedArticle><MedlineCitation><PMID>5<')],
    ['a cut inside the fifth record', doc.slice(0, doc.indexOf('<PMID>5<') + 3)],
    ['a DOCTYPE internal subset (left to the text splitter)', nbsp],
    ['unreadable markup after two records', doc.replace('<PubmedArticle><MedlineCitation><PMID>3<', '<?x?>< 3><PubmedArticle><MedlineCitation><PMID>3<')],
  ];
  it.each(cases)('hands out the records and the error the text splitter gives: %s', async (name, content) => {
    const path = write(`bytes-${cases.findIndex(([n]) => n === name)}.xml`, content);
    const want = textSplit(path, readFileSync(path));
    // Batches of 1: every record is handed out as soon as it is cut, so none before the byte splitter
    // gives up may come twice or go missing.
    expect(await drain(path, 1)).toEqual(want);
    expect((await drain(path)).error).toEqual(want.error);
  });

  it('hands out the same records from a gzip file, read in chunks that cut records and characters', async () => {
    const big = `<PubmedArticleSet>${`<PubmedArticle><T>${'μ-opioid ß '.repeat(40_000)}</T></PubmedArticle>`.repeat(3)}</PubmedArticleSet>`;
    const path = write('bytes-big.xml.gz', gzipSync(big));
    const got = await drain(path, 1);
    expect(got).toEqual(textSplit(path, Buffer.from(big)));
    expect(got.items).toHaveLength(3);
  });
});

describe('the validating pass over a plain file of many chunks', () => {
  it('reads chunks that stay whole until the next but one is read, and together are the file', async () => {
    const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => `${i},`).join(''));
    const path = write('chunks.txt', bytes);
    const seen: Buffer[] = [];
    let previous: { view: Buffer; copy: Buffer } | null = null;
    for await (const chunk of plainChunks(path, 4096)) {
      // The chunk before this one was not overwritten by this read.
      if (previous) expect(previous.view.equals(previous.copy)).toBe(true);
      previous = { view: chunk, copy: Buffer.from(chunk) };
      seen.push(previous.copy);
    }
    expect(seen.length).toBeGreaterThan(3);
    expect(Buffer.concat(seen).equals(bytes)).toBe(true);
  });

  it('counts records cut by chunk ends as reading the file does, whole or truncated', async () => {
    const records = Array.from({ length: 60 }, (_, i) => `<PubmedArticle><MedlineCitation><PMID>${i + 1}</PMID><T>${'ä x '.repeat(5_000 + 3_000 * (i % 7))}</T></MedlineCitation></PubmedArticle>`);
    const whole = `<?xml version="1.0"?>\n<PubmedArticleSet>\n${records.join('\n')}\n</PubmedArticleSet>\n`;
    const cut = whole.slice(0, whole.lastIndexOf('<PMID>'));
    for (const [name, text] of [['many-chunks.xml', whole], ['many-chunks-cut.xml', cut]] as const) {
      const path = write(name, text);
      expect(statSync(path).size).toBeGreaterThan(4 * 256 * 1024);
      expect(await countOutcome(path)).toEqual(await exactOutcome(path));
    }
    expect(await countOutcome(write('many-chunks.xml', whole))).toBe(60);
  });
});
