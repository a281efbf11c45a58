// NDJSON output files of `npm run process`: written whole or not at all,
// with the stream's backpressure passed on to whoever writes.
import { createWriteStream, lstatSync, realpathSync, statSync, unlinkSync, type WriteStream } from "node:fs";
import { constants } from "node:fs";
import { access, rename, stat, unlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

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
let partials = 0;

/** One NDJSON output: a document per line. */
export interface NdjsonSink {
  /** What it is called in messages, e.g. `--out "results.ndjson"`. */
  readonly label: string;
  /** Writes a document; returns a promise (wait for it) while the stream is over its high-water mark. Throws once the stream has failed. */
  write(doc: unknown): Promise<void> | void;
  /** True while the stream holds more than its high-water mark. */
  readonly congested: boolean;
  /** Resolves once the stream is below its high-water mark again (or has failed). */
  drained(): Promise<void>;
  /** The stream's error, if writing failed. */
  readonly failure: Error | undefined;
  /** Finishes writing; resolves to the error if any write failed. */
  finish(): Promise<Error | undefined>;
  /** After a successful `finish`: moves the output into place. */
  commit(): Promise<void>;
  /** Stops writing; a regular file's partial output is deleted and whatever was at the path before stays. */
  discard(): Promise<void>;
}

/**
 * Where output for `path` goes: through a partial file next to the regular
 * file it names (following a symlink, so the link stays and its target is
 * replaced), or straight to it when it is something that cannot be replaced
 * — a pipe, a device, anything under /dev or /proc (`/dev/stdout` may
 * resolve to the file the shell redirected to, which must be written, not
 * renamed over).
 */
function placement(path: string): { target: string; atomic: boolean } {
  const absolute = resolve(path);
  if (/^\/(dev|proc)\//.test(absolute)) return { target: path, atomic: false };
  let link;
  try {
    link = lstatSync(absolute);
  } catch {
    return { target: absolute, atomic: true }; // a new file
  }
  if (link.isFile()) return { target: absolute, atomic: true };
  if (!link.isSymbolicLink()) return { target: path, atomic: false };
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    return { target: path, atomic: false }; // a dangling link: write through it
  }
  return statSync(real).isFile() ? { target: real, atomic: true } : { target: path, atomic: false };
}

/**
 * Checks before any work starts that `path` can be written the way
 * {@link ndjsonSink} will write it; resolves to the file it will end up in
 * (so two outputs naming the same file can be told apart), or rejects with
 * the reason.
 */
export async function checkWritable(path: string): Promise<string> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new Error("is a directory");
  const { target, atomic } = placement(path);
  if (existing) await access(target, constants.W_OK);
  if (atomic) await access(dirname(target), constants.W_OK);
  return target;
}

/**
 * Opens an NDJSON output at `path`, called `label` in messages. A regular
 * file is written through a hidden partial file in its folder, renamed over
 * it by `commit` only when the run succeeds: a run that fails part-way (bad
 * input, a full disk, a second Ctrl-C) leaves no half-written file and
 * keeps an earlier run's results. Pipes and devices are written directly:
 * they cannot be replaced, and what they received is gone anyway.
 */
export function ndjsonSink(path: string, label = `"${path}"`): NdjsonSink {
  const { target, atomic } = placement(path);
  const partial = atomic ? join(dirname(target), `.csl-${process.pid}-${++partials}.partial`) : undefined;
  if (partial) partialFiles.add(partial);
  const stream: WriteStream = createWriteStream(partial ?? target);
  let failure: Error | undefined;
  stream.on("error", (err) => (failure ??= err));
  // One promise per congestion episode, however many writes wait on it.
  let waiting: Promise<void> | undefined;
  const drained = (): Promise<void> => {
    if (!stream.writableNeedDrain || failure) return Promise.resolve();
    waiting ??= new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off("drain", done);
        stream.off("error", done);
        waiting = undefined;
        resolve();
      };
      stream.on("drain", done);
      stream.on("error", done);
    });
    return waiting;
  };
  let finished: Promise<Error | undefined> | undefined;
  const forget = async (): Promise<void> => {
    if (!partial) return;
    await unlink(partial).catch(() => undefined);
    partialFiles.delete(partial);
  };
  return {
    label,
    write(doc) {
      if (failure) throw failure;
      if (!stream.write(JSON.stringify(doc) + "\n")) return drained();
    },
    get congested() {
      return stream.writableNeedDrain && !failure;
    },
    drained,
    get failure() {
      return failure;
    },
    finish() {
      finished ??= new Promise<Error | undefined>((resolve) => {
        if (stream.closed || stream.destroyed) resolve(failure);
        else stream.end(() => resolve(failure));
      });
      return finished;
    },
    async commit() {
      const err = await this.finish();
      if (err) throw err;
      if (!partial) return;
      await rename(partial, target);
      partialFiles.delete(partial);
    },
    async discard() {
      await this.finish();
      await forget();
    },
  };
}

/**
 * Finishes every sink, then moves them all into place — or, if any write
 * failed, discards them all and returns that error: a run's outputs land
 * together or not at all.
 */
export async function commitAll(sinks: readonly NdjsonSink[]): Promise<{ sink: NdjsonSink; error: Error } | undefined> {
  const errors = await Promise.all(sinks.map((s) => s.finish()));
  const at = errors.findIndex((e) => e !== undefined);
  if (at >= 0) {
    await Promise.all(sinks.map((s) => s.discard()));
    return { sink: sinks[at]!, error: errors[at]! };
  }
  await Promise.all(sinks.map((s) => s.commit()));
  return undefined;
}
