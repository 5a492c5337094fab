/** The import benchmarks' corpus file: `count` real-sized records (bench/real-corpus.ts), written to `path`. */
import { createWriteStream } from 'node:fs';
import { corpusXml } from './real-corpus.js';

/** Writes the corpus of `count` records (seed 7, the same file for every build) to `path`. */
export async function writeCorpus(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of corpusXml(count, { seed: 7 })) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}
