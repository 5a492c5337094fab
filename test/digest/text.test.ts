import { describe, expect, it } from 'vitest';
import { describeRevision } from '../../src/digest/changes.js';
import { previewOf, splitSentences } from '../../src/digest/preview.js';
import { escapeMarkdown, inlineToHtml, inlineToMarkdown } from '../../src/digest/text.js';
import { emptyArticle } from '../../src/types.js';

describe('splitSentences', () => {
  it('does not split after et al., e.g., i.e., vs., initials, decimals or p-values', () => {
    expect(
      splitSentences('Smith et al. found 0.5 mg/kg effective (p < 0.05). Doses, e.g. 2.5 mg, vs. placebo were tested by J. Doe. The end!'),
    ).toEqual(['Smith et al. found 0.5 mg/kg effective (p < 0.05).', 'Doses, e.g. 2.5 mg, vs. placebo were tested by J. Doe.', 'The end!']);
  });

  it('splits after a closing bracket or quote and before a digit, but not before a lower-case word', () => {
    expect(splitSentences('It worked (n = 12). 7-OH was potent. it was "odd." Next one')).toEqual([
      'It worked (n = 12).',
      '7-OH was potent. it was "odd."',
      'Next one',
    ]);
  });
});

describe('previewOf', () => {
  it('takes the first two sentences of CONCLUSIONS, else the last two of the abstract, clipped to a bound', () => {
    const sections = [
      { label: 'RESULTS', category: 'RESULTS', text: 'A. B.' },
      { label: 'Conclusion', category: null, text: 'First. Second. Third.' },
    ];
    expect(previewOf(null, sections)).toBe('First. Second.');
    expect(previewOf('One. Two. Three.', [])).toBe('Two. Three.');
    expect(previewOf(null, [])).toBeNull();
    expect(previewOf('Methods were used. Conclusion Surgery is viable. It is hard. Funding: none.', [])).toBe('Surgery is viable. It is hard.');
    expect(previewOf('We drew no conclusions from this. Next step. Last step.', [])).toBe('Next step. Last step.');
    const long = previewOf(`${'word '.repeat(200)}end.`, []);
    expect(long?.length).toBeLessThanOrEqual(420);
    expect(long?.endsWith('…')).toBe(true);
  });
});

describe('inline markup', () => {
  it('keeps only balanced allowed tags and escapes everything else, in HTML and Markdown', () => {
    const titleHtml = 'A <i>b <b>c</i> d</b> <sup>2</sup> &lt;em&gt; <span onclick=x>e</span> &amp;amp;';
    expect(inlineToHtml(titleHtml)).toBe('A <i>b <b>c</b></i> d <sup>2</sup> &lt;em&gt; &lt;span onclick=x&gt;e&lt;/span&gt; &amp;amp;');
    expect(inlineToMarkdown(titleHtml)).toBe('A <i>b <b>c</b></i> d <sup>2</sup> \\<em\\> \\<span onclick=x\\>e\\</span\\> \\&amp;');
    expect(inlineToHtml('<i>unclosed')).toBe('<i>unclosed</i>');
  });

  it('turns Markdown syntax in data into literal text', () => {
    expect(escapeMarkdown('# [x](javascript:alert(1)) ![i](http://e/x.png) *a* _b_ `c` | d ~~e~~ <b> &lt;\nnew line')).toBe(
      '\\# \\[x\\](javascript:alert(1)) !\\[i\\](http://e/x.png) \\*a\\* \\_b\\_ \\`c\\` \\| d \\~\\~e\\~\\~ \\<b\\> \\&lt; new line',
    );
  });
});

describe('describeRevision', () => {
  it('says what changed, with added and removed names and the previous state', () => {
    const now = { ...emptyArticle('1'), abstract: 'x', doi: '10.1/a', version: 2, mesh: [{ descriptor: 'Kratom', ui: null, major: false, qualifiers: [] }] };
    const lines = describeRevision(now, {
      pmid: '1', revision: 3, at: '2026-11-18T00:00:00.000Z', source: 'ingest',
      changed: ['version', 'abstract', 'doi', 'mesh', 'retractionNotice'],
      previous: { version: 1, abstract: null, doi: null, mesh: [{ descriptor: 'Opioids', ui: null, major: false, qualifiers: [] }], retractionNotice: true },
    });
    expect(lines).toEqual(['new version (v2)', 'abstract added', 'DOI added', 'MeSH added: Kratom', 'MeSH removed: Opioids', 'no longer a retraction notice']);
  });
});

describe('Markdown math', () => {
  it('escapes dollar signs, which GitHub renders as math between two of them', () => {
    expect(escapeMarkdown('costs $5 to $10 a dose')).toBe('costs \\$5 to \\$10 a dose');
  });
});

describe('Markdown line-start escaping', () => {
  it('neutralises heading and list markers only where they would start a block, never inside a DOI', () => {
    expect(escapeMarkdown('# Heading')).toBe('\\# Heading');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('10.1016/S0000-0000(26)00001-X')).toBe('10.1016/S0000-0000(26)00001-X');
    expect(escapeMarkdown('#hashtag and 2.5 mg')).toBe('#hashtag and 2.5 mg');
  });
});
