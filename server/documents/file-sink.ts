import { closeSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

const FLUSH_BYTES = 1 << 20;

/**
 * A file written a megabyte at a time, synchronously, for documents made piece by piece (a PDF, a
 * workbook): their writers hand over thousands of small pieces a page, and an fs write stream kept
 * them (and the 8 KB slabs they share) alive far longer than their writing took — hundreds of
 * megabytes over a year's register. A write of a megabyte takes about a millisecond.
 */
export function fileSink(file: string) {
  let fd: number | null = openSync(file, 'w');
  let pending: Buffer[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0 || fd === null) return;
    writeSync(fd, Buffer.concat(pending, size));
    pending = [];
    size = 0;
  };
  const close = () => {
    if (fd === null) return;
    closeSync(fd);
    fd = null;
  };
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        pending.push(chunk);
        size += chunk.length;
        if (size >= FLUSH_BYTES) flush();
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    final(done) {
      try {
        flush();
        close();
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    destroy(error, done) {
      try {
        close();
      } catch {
        // A file that cannot be closed: its writing has failed already.
      }
      done(error);
    },
  });
}
