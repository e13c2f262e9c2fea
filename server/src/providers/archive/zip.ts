import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

export interface ZipEntry {
  /** Path inside the archive. */
  name: string;
  /** Exact byte length of the entry (lets the archive announce its total size). */
  size: number;
  mtime: Date;
  /** Loads the bytes; called only when the archive reaches this entry. */
  read(): Promise<Buffer>;
}

export interface ZipStream {
  /** The archive bytes, produced as the reader pulls them. */
  stream: Readable;
  /** Total archive size in bytes (entries are stored uncompressed, so it is known up front). */
  size: number;
}

/**
 * A ZIP written as it is read: each entry's bytes are loaded only when the archive reaches it and
 * the output honours backpressure, so memory holds about one entry, never the whole archive.
 * Images are already compressed, so entries are stored (no deflate): cheaper, and sized in advance.
 */
export function zipStream(entries: readonly ZipEntry[]): Promise<ZipStream> {
  const zip = new ZipFile();
  for (const entry of entries) {
    zip.addReadStreamLazy(entry.name, { size: entry.size, compress: false, mtime: entry.mtime }, (cb) => {
      entry.read().then(
        (bytes) => cb(null, Readable.from([bytes], { objectMode: false })),
        (error: unknown) => cb(error, undefined as unknown as Readable),
      );
    });
  }
  // The typings omit the size the callback receives.
  const end = zip.end.bind(zip) as (options: object, done: (size: number) => void) => void;
  return new Promise((resolve) => end({}, (size) => resolve({ stream: zip.outputStream as Readable, size })));
}
