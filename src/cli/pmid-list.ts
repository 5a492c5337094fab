/**
 * `export --pmids FILE`: a list of PubMed ids as EDirect's `efetch -id` takes them, from a file or standard
 * input (`-`): one per line, or apart by commas or spaces.
 */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { UsageError, errorMessage } from '../errors.js';
import { PMID_RULE, parsePmidInput } from '../pmid.js';

/**
 * The PMIDs of `text` in their canonical form (`00123` -> `123`), each once, in the order given; a
 * UsageError naming `name`, the line and the first token that is not a PMID, or saying the list is empty.
 */
export function parsePmidList(content: string, name: string): string[] {
  const out = new Set<string>();
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    for (const token of line.split(/[\s,;]+/).filter((t) => t !== '')) {
      const pmid = parsePmidInput(token);
      if (pmid === null) throw new UsageError(`export: --pmids ${name}: line ${i + 1}: "${token.slice(0, 40)}" is not a PMID (${PMID_RULE})`);
      out.add(pmid);
    }
  });
  if (out.size === 0) throw new UsageError(`export: --pmids ${name} holds no PMID (give one per line, or apart by commas or spaces)`);
  return [...out];
}

/**
 * Reads and parses the list `arg` names (`-`: `stdin`, default standard input); a file that cannot be read,
 * or standard input left on a terminal (it would wait for typing, as `import -` refuses to), is a
 * UsageError naming it.
 */
export async function readPmidList(arg: string, stdin: Readable & { isTTY?: boolean } = process.stdin): Promise<string[]> {
  const name = arg === '-' ? '- (standard input)' : arg;
  if (arg === '-' && stdin.isTTY === true) throw new UsageError('export: --pmids - (standard input) is a terminal: pipe the PMIDs in (cat screened.txt | kratomlit export --format ris --pmids -)');
  let content: string;
  try {
    content = arg === '-' ? await text(stdin) : await readFile(arg, 'utf8');
  } catch (err) {
    throw new UsageError(`export: --pmids ${name}: cannot read it (${errorMessage(err)})`, { cause: err });
  }
  return parsePmidList(content, name);
}
