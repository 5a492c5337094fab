import { openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE } from '../../src/search/persist-format.js';
import { IndexDamagedError, IndexFileHandle, LazyChunk } from '../../src/search/persist-lazy.js';
import { tempDir } from './helpers.js';

// A lazy chunk (src/search/persist-lazy.ts) reads a block at a time, and once a quarter of it was read it
// reads the whole chunk, every block checked, so a long-running process stops going back to the file.

const BLOCKS = 16;

function chunkFile(): { chunk: LazyChunk; reads: () => number; body: Buffer; path: string } {
  const body = Buffer.alloc(BLOCKS * BLOCK_SIZE);
  for (let i = 0; i < body.length; i += 1) body[i] = (i * 7 + (i >> 12)) & 0xff;
  const path = join(tempDir('kl-chunk-'), 'chunk.bin');
  writeFileSync(path, body);
  const crcs = new Uint32Array(BLOCKS);
  for (let b = 0; b < BLOCKS; b += 1) crcs[b] = crc32(body.subarray(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE));
  const file = new IndexFileHandle(openSync(path, 'r'), path);
  let count = 0;
  const read = file.read.bind(file);
  file.read = (position: number, length: number) => {
    count += 1;
    return read(position, length);
  };
  return { chunk: new LazyChunk(file, 0, body.length, crcs, 'test'), reads: () => count, body, path };
}

describe('a lazy index chunk', () => {
  it('reads only the blocks asked for while less than a quarter was read', () => {
    const { chunk, reads, body } = chunkFile();
    expect(chunk.bytes(10, 20)).toEqual(body.subarray(10, 20));
    expect(chunk.bytes(30, 40)).toEqual(body.subarray(30, 40));
    expect(reads()).toBe(1);
    expect(chunk.bytes(BLOCK_SIZE * 5 + 1, BLOCK_SIZE * 5 + 9)).toEqual(body.subarray(BLOCK_SIZE * 5 + 1, BLOCK_SIZE * 5 + 9));
    expect(reads()).toBe(2);
  });

  it('holds the whole chunk, checked, once a quarter was read, and reads the file no more', () => {
    const { chunk, reads, body, path } = chunkFile();
    for (let b = 0; b < BLOCKS / 4; b += 1) chunk.bytes(b * BLOCK_SIZE, b * BLOCK_SIZE + 8);
    const before = reads();
    // The file changes under us: a chunk held whole keeps answering from what it checked.
    writeFileSync(path, Buffer.alloc(BLOCKS * BLOCK_SIZE));
    const end = body.length;
    expect(chunk.bytes(end - 100, end)).toEqual(body.subarray(end - 100, end));
    expect(chunk.bytes(3, BLOCK_SIZE * 9)).toEqual(body.subarray(3, BLOCK_SIZE * 9));
    expect(reads()).toBe(before);
  });

  it('checks every block when it reads the whole chunk: damage anywhere is refused', () => {
    const { chunk, path, body } = chunkFile();
    const damaged = Buffer.from(body);
    damaged[BLOCK_SIZE * 12 + 5] = (damaged[BLOCK_SIZE * 12 + 5] ?? 0) ^ 0xff;
    writeFileSync(path, damaged);
    expect(() => {
      for (let b = 0; b < BLOCKS / 4; b += 1) chunk.bytes(b * BLOCK_SIZE, b * BLOCK_SIZE + 8);
    }).toThrow(IndexDamagedError);
  });
});
