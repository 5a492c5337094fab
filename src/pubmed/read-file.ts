/**
 * A PubMed XML file on disk (plain or gzip) -> batches of split records, streamed in bounded memory.
 *
 * I/O edge: the only file reader of the PubMed module. Gzip is recognised by its magic bytes (1f 8b),
 * not by the file name: NLM baseline files are `.xml.gz`, but browser downloads get renamed.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';
import { RecordSplitter, type SplitItem } from './split.js';
import { RecordCounter, RecordCountError } from './split-count.js';

/** Options of {@link readPubmedFile}. */
export interface ReadPubmedFileOptions {
  /** Records per yielded batch (default 500). */
  batchSize?: number;
  /** Called after each chunk with bytes read from disk (compressed bytes for .gz) and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

const DEFAULT_BATCH = 500;
const CHUNK_BYTES = 256 * 1024;

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError('FILE_NOT_FOUND', `pubmed/read-file: ${path} is a directory, not a file`);
    return info.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(err)})`;
    throw new InputError('FILE_NOT_FOUND', `pubmed/read-file: ${path} ${why}`, { cause: err });
  }
}

function openText(path: string, gzip: boolean): { file: ReadStream; text: Readable } {
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  if (!gzip) return { file, text: file };
  // pipeline forwards errors of either stream to the gunzip side we iterate; the callback is required.
  const gunzip = pipeline(file, createGunzip(), () => undefined);
  return { file, text: gunzip };
}

function wrapStreamError(err: unknown, path: string, gzip: boolean): unknown {
  if (err instanceof InputError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (gzip && code.startsWith('Z_')) {
    return new InputError('GZIP_CORRUPT', `pubmed/read-file: ${path} is a corrupt or truncated gzip file (${(err as Error).message})`, { cause: err });
  }
  return new InputError('FILE_NOT_FOUND', `pubmed/read-file: ${path} could not be read (${code || String(err)})`, { cause: err });
}

/**
 * Streams a PubMed XML file (`PubmedArticleSet`, `PubmedBookArticleSet` or legacy `MedlineCitationSet`,
 * plain or gzip) and yields its records in batches of `batchSize`, in file order. Errors are
 * `InputError`s naming the file: `FILE_NOT_FOUND`, `EMPTY_INPUT`, `NOT_PUBMED`, `GZIP_CORRUPT`,
 * `XML_TRUNCATED`, `XML_MALFORMED`. A truncated file throws only after the batches before the cut were
 * yielded, so callers must not commit anything they need all-or-nothing before the generator ends.
 *
 * The records are cut from the bytes ({@link RecordCounter} keeping them: each record decoded from UTF-8
 * once, nothing between records decoded at all), which splits exactly as the text splitter does (see
 * {@link countPubmedRecords}). Whatever that splitter leaves to the exact pass (an error, a DOCTYPE internal
 * subset) is read again by {@link readExact}, past the records already handed out, so the records and the
 * error message are the exact pass's.
 */
export async function* readPubmedFile(path: string, opts: ReadPubmedFileOptions = {}): AsyncGenerator<SplitItem[]> {
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  const total = await fileSize(path);
  if (total === 0) throw new InputError('EMPTY_INPUT', `pubmed/read-file: ${path} is empty (0 bytes)`);
  const gzip = await isGzip(path);
  let handedOut = 0;
  try {
    for await (const batch of readBytes(path, gzip, total, batchSize, opts.onProgress)) {
      handedOut += batch.length;
      yield batch;
    }
    return;
  } catch (err) {
    if (!(err instanceof RecordCountError)) throw err;
  }
  let skip = handedOut;
  const batch: SplitItem[] = [];
  for await (const items of readExact(path, gzip, total, batchSize, opts.onProgress)) {
    const drop = Math.min(skip, items.length);
    skip -= drop;
    batch.push(...items.slice(drop));
    if (batch.length >= batchSize) yield batch.splice(0, batchSize);
  }
  if (batch.length > 0) yield batch;
}

type Progress = ReadPubmedFileOptions['onProgress'];

/** The records cut from the bytes, in batches; a {@link RecordCountError} sends the caller to the exact pass. */
async function* readBytes(path: string, gzip: boolean, total: number, batchSize: number, onProgress: Progress): AsyncGenerator<SplitItem[]> {
  const file = fileChunks(path, gzip);
  const splitter = new RecordCounter({ keep: true });
  let first = true;
  const batch: SplitItem[] = [];
  try {
    for await (const bytes of file.chunks) {
      batch.push(...splitter.push(first && bytes.subarray(0, 3).equals(BOM) ? bytes.subarray(3) : bytes));
      first = false;
      onProgress?.(file.bytesRead(), total);
      while (batch.length >= batchSize) yield batch.splice(0, batchSize);
    }
    splitter.end();
  } catch (err) {
    throw err instanceof RecordCountError ? err : wrapStreamError(err, path, gzip);
  } finally {
    await file.close();
  }
  if (batch.length > 0) yield batch;
}

/** A file's bytes in chunks (gunzipped when gzip), how many of the file's bytes were read, and a close. */
interface FileChunks {
  chunks: AsyncIterable<Buffer>;
  bytesRead(): number;
  close(): Promise<void>;
}

/**
 * The byte splitter's input: a plain file through {@link plainChunks} (the splitter copies what it keeps,
 * so the chunks may be reused), a gzip file through the gunzip stream.
 */
function fileChunks(path: string, gzip: boolean): FileChunks {
  if (gzip) {
    const { file, text } = openText(path, gzip);
    return { chunks: text as AsyncIterable<Buffer>, bytesRead: () => file.bytesRead, close: async () => void file.destroy() };
  }
  let read = 0;
  const inner = plainChunks(path);
  const chunks = (async function* counted() {
    for await (const chunk of inner) {
      read += chunk.length;
      yield chunk;
    }
  })();
  return { chunks, bytesRead: () => read, close: async () => void (await inner.return(undefined)) };
}

/** The exact pass: the UTF-8 text of the whole stream through {@link RecordSplitter}, whose errors are the ones reported. */
async function* readExact(path: string, gzip: boolean, total: number, batchSize: number, onProgress: Progress): AsyncGenerator<SplitItem[]> {
  const { file, text } = openText(path, gzip);
  const splitter = new RecordSplitter({ source: path });
  // StringDecoder keeps a UTF-8 character split across two chunks whole.
  const decoder = new StringDecoder('utf8');
  const batch: SplitItem[] = [];
  try {
    for await (const chunk of text) {
      batch.push(...splitter.push(decoder.write(chunk as Buffer)));
      onProgress?.(file.bytesRead, total);
      while (batch.length >= batchSize) yield batch.splice(0, batchSize);
    }
    batch.push(...splitter.push(decoder.end()));
    splitter.end();
  } catch (err) {
    throw wrapStreamError(err, path, gzip);
  } finally {
    file.destroy();
  }
  if (batch.length > 0) yield batch;
}

/**
 * Counts the records of a PubMed file, reading it to its end and storing nothing: the validating pass of
 * an import. Same result and same errors as draining {@link readPubmedFile}, at a fraction of the cost:
 * the bytes are scanned as they are ({@link RecordCounter}: the splitter's steps on their latin1 reading),
 * with no UTF-8 decoding and no strings. The splitter only looks for ASCII delimiters, and every byte of a
 * multi-byte UTF-8 character (or of an invalid sequence, which UTF-8 decoding turns into U+FFFD) is
 * >= 0x80, so both readings split into the same records; only the text quoted by an error message can
 * differ, so any error re-runs the exact UTF-8 pass, whose count or error is the answer.
 */
export async function countPubmedRecords(path: string): Promise<number> {
  try {
    return await countBytes(path);
  } catch {
    let n = 0;
    const total = await fileSize(path);
    if (total === 0) throw new InputError('EMPTY_INPUT', `pubmed/read-file: ${path} is empty (0 bytes)`);
    for await (const batch of readExact(path, await isGzip(path), total, Number.MAX_SAFE_INTEGER, undefined)) n += batch.length;
    return n;
  }
}

// The UTF-8 byte-order mark (UTF-8 decoding yields U+FEFF, which the splitter skips as white space).
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function countBytes(path: string): Promise<number> {
  const total = await fileSize(path);
  if (total === 0) throw new InputError('EMPTY_INPUT', `pubmed/read-file: ${path} is empty (0 bytes)`);
  const file = fileChunks(path, await isGzip(path));
  const counter = new RecordCounter();
  let first = true;
  try {
    for await (const bytes of file.chunks) {
      counter.push(first && bytes.subarray(0, 3).equals(BOM) ? bytes.subarray(3) : bytes);
      first = false;
    }
    counter.end();
  } finally {
    await file.close();
  }
  return counter.records;
}

/**
 * A plain file's bytes in chunks read into two buffers used in turn: a chunk stays valid until the
 * next but one is read (the byte splitter copies what it keeps). A read stream allocates a fresh buffer per chunk, and touching fresh memory
 * cost more than reading (160 MB of real records: ~13,000 page faults and 250–350 ms of CPU against
 * ~30 faults and 55–95 ms).
 */
export async function* plainChunks(path: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  const buffers = [Buffer.allocUnsafeSlow(chunkBytes), Buffer.allocUnsafeSlow(chunkBytes)];
  try {
    for (let i = 0; ; i++) {
      const buffer = buffers[i % 2] as Buffer;
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
