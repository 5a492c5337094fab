/**
 * The parts of an index file that are read when a query needs them, not at open: stored fields, postings
 * and phrase sequences, most of the file. Reading a whole 22 MB file and checking its crc was a third of
 * a cold `kratomlit search` at 10,000 records (and grows with the library); a query reads a few blocks.
 *
 * Never serves an unchecked byte: each block (BLOCK_SIZE, persist-format.ts) is checked against its crc32
 * from the block-crc chunk, itself checked at open, the first time it is read; a mismatch or a short read
 * throws {@link IndexDamagedError}, which the index lifecycle answers by rebuilding from the store. The file
 * stays open while anything can still read it: a writer replaces the index by rename, so this process
 * keeps reading the version it opened, never a mix of two.
 */
import { closeSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { AppError } from '../errors.js';
import { BLOCK_SIZE } from './persist-format.js';

/** A block of the index file failed its checksum or could not be read: the file is damaged. */
export class IndexDamagedError extends AppError {
  override readonly name = 'IndexDamagedError';
  /** Why, as the "rebuilding search index" line says it: `the file is corrupt (...)`. */
  readonly reason: string;
  constructor(path: string, reason: string, options: { cause?: unknown } = {}) {
    super('INDEX_DAMAGED', `search: index ${path}: ${reason}`, options);
    this.reason = reason;
  }
}

/** The damage behind `err` (itself or its cause: a failed write of a damaged index wraps it), else null. */
export function damageOf(err: unknown): IndexDamagedError | null {
  if (err instanceof IndexDamagedError) return err;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause instanceof IndexDamagedError ? cause : null;
}

/** Closes the file of an index nobody can read from any more (a library closed, an engine replaced). */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to release.
  }
});

/**
 * Bytes of the slabs small reads are cut from: a ranking reads thousands of small ranges, and one
 * ArrayBuffer each (with its external-memory accounting) was a third of a cold query at 100,000 records,
 * half of it in the garbage collector.
 */
const SLAB = 1 << 20;

/** An open index file descriptor, closed by {@link close} or when the last chunk reading it is garbage. */
export class IndexFileHandle {
  #slab: Buffer | null = null;
  #used = 0;

  constructor(readonly fd: number, readonly path: string) {
    closer.register(this, fd, this);
  }

  /** Closes the file now (an index that turned out unusable); nothing may read it afterwards. */
  close(): void {
    closer.unregister(this);
    closeSync(this.fd);
  }

  /** Reads exactly `length` bytes at `position` into fresh, 8-aligned memory; a short read is damage. */
  read(position: number, length: number): Buffer {
    const buf = this.#take(length);
    let done = 0;
    while (done < length) {
      let n: number;
      try {
        n = readSync(this.fd, buf, done, length - done, position + done);
      } catch (err) {
        throw new IndexDamagedError(this.path, `the file cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
      }
      if (n === 0) throw new IndexDamagedError(this.path, 'the file is truncated (block cut)');
      done += n;
    }
    return buf;
  }

  /** `length` bytes of unused, 8-aligned memory: cut from the current slab when small, else its own. */
  #take(length: number): Buffer {
    if (length > SLAB / 8) return Buffer.allocUnsafeSlow(length);
    if (!this.#slab || this.#used + length > SLAB) {
      this.#slab = Buffer.allocUnsafeSlow(SLAB);
      this.#used = 0;
    }
    const out = this.#slab.subarray(this.#used, this.#used + length);
    this.#used += Math.ceil(length / 8) * 8;
    return out;
  }
}

/** A chunk is read whole once this fraction of its bytes was read block by block (see LazyChunk#promote). */
const PROMOTE_FRACTION = 4;

/** One lazy chunk: `length` bytes at `base` in the file, with the crc32 of each BLOCK_SIZE block. */
export class LazyChunk {
  readonly #file: IndexFileHandle;
  readonly #base: number;
  readonly #crcs: Uint32Array;
  readonly #blocks = new Map<number, Buffer>();
  /** The whole chunk, checked, once a process has read enough of it to be one that keeps querying. */
  #all: Buffer | null = null;
  #readBytes = 0;
  readonly #promotes: boolean;
  readonly length: number;
  readonly name: string;

  /** `promote: false` keeps the chunk lazy for good (its reader keeps what it read, as postings do). */
  constructor(file: IndexFileHandle, base: number, length: number, crcs: Uint32Array, name: string, opts: { promote?: boolean } = {}) {
    if (crcs.length !== blockCount(length)) throw new Error(`${name} block crcs and size disagree`);
    this.#promotes = opts.promote ?? true;
    this.#file = file;
    this.#base = base;
    this.length = length;
    this.#crcs = crcs;
    this.name = name;
  }

  /**
   * Bytes `start` to `end` of the chunk, every block they touch checked first: one read for the whole
   * range, a view into it (never a copy). A range within one block keeps that block for the next read.
   */
  bytes(start: number, end: number): Buffer {
    if (start < 0 || end > this.length || start > end) throw new IndexDamagedError(this.#file.path, `the file is corrupt (${this.name} range ${start}-${end} outside the chunk)`);
    if (start === end) return Buffer.alloc(0);
    if (this.#all) return this.#all.subarray(start, end);
    const first = Math.floor(start / BLOCK_SIZE);
    const last = Math.floor((end - 1) / BLOCK_SIZE);
    const from = first * BLOCK_SIZE;
    const cached = first === last ? this.#blocks.get(first) : undefined;
    const range = cached ?? this.#read(first, last);
    if (first === last) this.#blocks.set(first, range);
    if (!cached && this.#promote(range.length)) return this.bytes(start, end);
    return range.subarray(start - from, end - from);
  }

  /**
   * Counts the bytes read so far and, past a quarter of the chunk, reads all of it (every block checked)
   * and serves later ranges from memory. A one-query process (the CLI) reads a few blocks and stays lazy;
   * a long-running one (serve, MCP, a script) would otherwise read and check the same postings from the
   * file again on every query, a third slower per query than an index held whole.
   */
  #promote(read: number): boolean {
    if (!this.#promotes) return false;
    this.#readBytes += read;
    if (this.#readBytes < this.length / PROMOTE_FRACTION) return false;
    this.#all = this.#read(0, blockCount(this.length) - 1);
    this.#blocks.clear();
    return true;
  }

  /** Blocks `first` to `last` in one read, each checked against its crc32. */
  #read(first: number, last: number): Buffer {
    const from = first * BLOCK_SIZE;
    const range = this.#file.read(this.#base + from, Math.min(this.length, (last + 1) * BLOCK_SIZE) - from);
    for (let b = first; b <= last; b += 1) {
      const at = (b - first) * BLOCK_SIZE;
      if (crc32(range.subarray(at, at + BLOCK_SIZE)) !== this.#crcs[b]) {
        throw new IndexDamagedError(this.#file.path, `the file is corrupt (checksum mismatch in ${this.name} block ${b})`);
      }
    }
    return range;
  }
}

/** Number of BLOCK_SIZE blocks of a chunk of `length` bytes. */
export function blockCount(length: number): number {
  return Math.ceil(length / BLOCK_SIZE);
}

/** A Uint32Array of chunk bytes `start` to `end` (4-aligned offsets give a view, never a copy of a block). */
export function u32Of(chunk: LazyChunk, start: number, end: number): Uint32Array {
  const b = chunk.bytes(start, end);
  if (b.byteOffset % 4 === 0) return new Uint32Array(b.buffer, b.byteOffset, b.length / 4);
  return new Uint32Array(new Uint8Array(b).buffer);
}
