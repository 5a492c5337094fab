/** The search form's sort select shows the order the list below it has. */
import { describe, expect, it } from 'vitest';
import { searchForm } from '../../src/web/pages/search.js';
import { readSearch } from '../../src/web/params.js';
import { urls } from '../../src/web/urls.js';

const selected = (query: string) => {
  const form = String(searchForm(urls(''), readSearch(new URLSearchParams(query))));
  return /<option value="([a-z]+)" selected>([^<]*)<\/option>/.exec(form)?.slice(1);
};

describe('the sort select', () => {
  it('says newest first when there are no search words, as the list is, and keeps best match for words typed next', () => {
    expect(selected('')).toEqual(['relevance', 'Newest (best match for words)']);
    expect(selected('q=++&topic=mitragynine')).toEqual(['relevance', 'Newest (best match for words)']);
  });

  it('says best match or newest, as chosen, once there are words', () => {
    expect(selected('q=kratom')).toEqual(['relevance', 'Best match']);
    expect(selected('q=kratom&sort=date')).toEqual(['date', 'Newest']);
    expect(selected('sort=date')).toEqual(['date', 'Newest']);
  });
});
