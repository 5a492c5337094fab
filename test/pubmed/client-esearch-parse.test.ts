import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lenientJson, parseEsearch } from '../../src/pubmed/esearch.js';
import { EutilsError } from '../../src/errors.js';
import { startEutilsServer, type EutilsServer } from '../../src/loopback/eutils-server.js';
import { makeRecords } from '../../src/loopback/eutils-records.js';

// Hand-written in the shapes NCBI serves (eSearchResult XML; served retmode=json, header version 0.3).
const XML_WITH_STACK = `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">
<eSearchResult><Count>7</Count><RetMax>2</RetMax><RetStart>4</RetStart><QueryKey>1</QueryKey><WebEnv>MCID_abc</WebEnv><IdList>
<Id>40000002</Id>
<Id>40000001</Id>
</IdList><TranslationSet><Translation>     <From>kratom</From>     <To>"mitragyna"[MeSH Terms] OR kratom[All Fields]</To>    </Translation></TranslationSet><TranslationStack>   <TermSet>    <Term>kratom[All Fields]</Term>    <Field>All Fields</Field>    <Count>999</Count>    <Explode>N</Explode>   </TermSet>   <OP>GROUP</OP>  </TranslationStack><QueryTranslation>"mitragyna"[MeSH Terms] OR kratom[All Fields]</QueryTranslation></eSearchResult>
`;
const XML_PHRASE_NOT_FOUND = `<?xml version="1.0" encoding="UTF-8" ?>
<eSearchResult><Count>0</Count><RetMax>0</RetMax><RetStart>0</RetStart><IdList/><TranslationSet/><QueryTranslation>(qwzx[All Fields])</QueryTranslation><ErrorList><PhraseNotFound>qwzx</PhraseNotFound></ErrorList><WarningList><OutputMessage>No items found.</OutputMessage></WarningList></eSearchResult>`;
const XML_ERROR = `<?xml version="1.0" encoding="UTF-8"?>
<eSearchResult>
  <ERROR>Invalid db name specified: fleegle</ERROR>
</eSearchResult>`;
const JSON_SERVED = '{"header":{"type":"esearch","version":"0.3"},"esearchresult":{"count":"307","retmax":"2","retstart":"0","querykey":"1","webenv":"MCID_x","idlist":["42781229","42735513"],"translationset":[],"querytranslation":"\\"kratom\\"[Title/Abstract]"}}\n';
const JSON_CAP_ERROR =
  '{"header":{"type":"esearch","version":"0.3"},"esearchresult":{"ERROR":"Search Backend failed: Exception:\n\\\'retstart\\\' cannot be larger than 9998. For PubMed, ESearch can only retrieve the first 9,999 records matching the query."}}\n';

function thrown(fn: () => unknown): EutilsError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EutilsError);
    return err as EutilsError;
  }
  throw new Error('expected a throw');
}

describe('parseEsearch', () => {
  it('reads the top-level Count, not the per-term counts of the TranslationStack', () => {
    expect(parseEsearch(XML_WITH_STACK, 't')).toEqual({
      count: 7,
      retstart: 4,
      retmax: 2,
      ids: ['40000002', '40000001'],
      webEnv: 'MCID_abc',
      queryKey: '1',
      queryTranslation: '"mitragyna"[MeSH Terms] OR kratom[All Fields]',
      warnings: [],
    });
  });

  it('reads PhraseNotFound as zero results with warnings', () => {
    const r = parseEsearch(XML_PHRASE_NOT_FOUND, 't');
    expect(r.count).toBe(0);
    expect(r.ids).toEqual([]);
    expect(r.warnings).toEqual(['PhraseNotFound: qwzx', 'OutputMessage: No items found.']);
  });

  it('never reads an ERROR as zero results', () => {
    const err = thrown(() => parseEsearch(XML_ERROR, 'term "x"'));
    expect(err.code).toBe('ESEARCH_ERROR');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('Invalid db name specified: fleegle');
  });

  it('reads served JSON with its history handles', () => {
    const r = parseEsearch(JSON_SERVED, 't');
    expect(r).toMatchObject({ count: 307, retmax: 2, ids: ['42781229', '42735513'], webEnv: 'MCID_x', queryKey: '1' });
    expect(r.queryTranslation).toBe('"kratom"[Title/Abstract]');
  });

  it('recognises the retstart cap in JSON that JSON.parse rejects (raw newline, \\\' escapes)', () => {
    expect(() => JSON.parse(JSON_CAP_ERROR)).toThrow();
    const err = thrown(() => parseEsearch(JSON_CAP_ERROR, 't'));
    expect(err.code).toBe('RETSTART_CAP');
    expect(err.retryable).toBe(false);
  });

  it('recognises a lost history as WEBENV_EXPIRED', () => {
    expect(thrown(() => parseEsearch('<eSearchResult><ERROR>Unable to obtain query #1</ERROR></eSearchResult>', 't')).code).toBe('WEBENV_EXPIRED');
  });

  it.each([
    ['an HTML page', '<html><body>WWW Error 500 Diagnostic</body></html>'],
    ['truncated XML', XML_WITH_STACK.slice(0, 300)],
    ['a 429 JSON body', '{"error":"API rate limit exceeded","count":"4","limit":"3"}'],
    ['a JSON answer without count', '{"esearchresult":{"idlist":[]}}'],
  ])('classifies %s as a retryable UNPARSABLE answer', (_what, body) => {
    const err = thrown(() => parseEsearch(body, 't'));
    expect(err.code).toBe('UNPARSABLE');
    expect(err.retryable).toBe(true);
  });

  it('repairs raw control characters inside JSON strings only', () => {
    expect(lenientJson('{"a":"x\ny\\\'z","b":[1]}')).toEqual({ a: "x\ny'z", b: [1] });
    expect(lenientJson('{"a":')).toBeUndefined();
  });
});

describe('the loopback server answers both esearch shapes the same way', () => {
  let server: EutilsServer;
  beforeAll(async () => {
    server = await startEutilsServer({ records: makeRecords(4, 700, ['2024-05-05']), rateLimit: null, idCap: 3 });
  });
  afterAll(async () => {
    await server.close();
  });
  const get = async (q: string) => (await fetch(`${server.url}esearch.fcgi?db=pubmed&${q}`)).text();

  it('serves equal results as XML and as JSON', async () => {
    const xml = parseEsearch(await get('term=mitragynine&retmax=2'), 't');
    const json = parseEsearch(await get('term=mitragynine&retmax=2&retmode=json'), 't');
    expect(json).toEqual(xml);
    expect(xml).toMatchObject({ count: 4, ids: ['703', '702'] });
  });

  it('serves the retstart cap error in both shapes, the JSON one unparsable by JSON.parse', async () => {
    const json = await get('term=mitragynine&retstart=3&retmode=json');
    expect(() => JSON.parse(json)).toThrow();
    expect(thrown(() => parseEsearch(json, 't')).code).toBe('RETSTART_CAP');
    const xml = await get('term=mitragynine&retstart=3');
    expect(thrown(() => parseEsearch(xml, 't')).code).toBe('RETSTART_CAP');
  });

  it('serves PhraseNotFound in both shapes, read as the same warnings', async () => {
    const xml = parseEsearch(await get('term=nothinghere'), 't');
    const json = parseEsearch(await get('term=nothinghere&retmode=json'), 't');
    expect(xml.count).toBe(0);
    expect(xml.warnings).toEqual(['PhraseNotFound: nothinghere', 'OutputMessage: No items found.']);
    expect(json).toEqual(xml);
  });
});
