// NDJSON output files of `npm run process`: written whole or not at all,
// with the stream's backpressure passed on to whoever writes.
import { createWriteStream, statSync, unlinkSync, type WriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Partial files not yet renamed into place: removed if the process exits first. */
const partialFiles = new Set<string>();
process.on("exit", () => {
  for (const file of partialFiles) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
});

/** One NDJSON output: a document per line. */
export interface NdjsonSink {
  /** Writes a document; returns a promise (wait for it) when the stream is over its high-water mark. */
  write(doc: unknown): Promise<void> | void;
  /** True while the stream holds more than its high-water mark. */
  readonly congested: boolean;
  /** Resolves once the stream is below its high-water mark again. */
  drained(): Promise<void>;
  /** Finishes the output and moves it into place. */
  commit(): Promise<void>;
  /** Stops writing; a regular file's partial output is deleted and whatever was at the path before stays. */
  discard(): Promise<void>;
}

/**
 * Opens an NDJSON output at `path`. A regular file is written through a
 * hidden partial file next to it, renamed over `path` by `commit` only when
 * the run succeeds: a run that fails part-way (bad input, a crash, a second
 * Ctrl-C) leaves no half-written file and keeps an earlier run's results.
 * A path that exists and is not a regular file (a pipe, /dev/stdout) is
 * written directly: it cannot be replaced, and what it received is gone anyway.
 */
export function ndjsonSink(path: string): NdjsonSink {
  let special = false;
  try {
    special = !statSync(path).isFile();
  } catch {
    // does not exist yet: a regular file
  }
  const partial = special ? undefined : join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  if (partial) partialFiles.add(partial);
  const stream: WriteStream = createWriteStream(partial ?? path);
  let failed: Error | undefined;
  stream.on("error", (err) => (failed = err));
  const end = () => new Promise<void>((resolve) => (stream.closed ? resolve() : stream.end(() => resolve())));
  // Resolves on 'error' too, so nobody waits forever on a broken stream (the next write throws).
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off("drain", done);
        stream.off("error", done);
        resolve();
      };
      stream.once("drain", done);
      stream.once("error", done);
    });
  const forget = async (): Promise<void> => {
    if (!partial) return;
    await unlink(partial).catch(() => undefined);
    partialFiles.delete(partial);
  };
  return {
    write(doc) {
      if (failed) throw failed;
      if (!stream.write(JSON.stringify(doc) + "\n")) return drained();
    },
    get congested() {
      return stream.writableNeedDrain;
    },
    drained: () => (stream.writableNeedDrain && !failed ? drained() : Promise.resolve()),
    async commit() {
      await end();
      if (failed) {
        await forget();
        throw failed;
      }
      if (!partial) return;
      await rename(partial, path);
      partialFiles.delete(partial);
    },
    async discard() {
      await end();
      await forget();
    },
  };
}
