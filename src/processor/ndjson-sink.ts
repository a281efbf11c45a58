// NDJSON output files of `npm run process`: written whole or not at all,
// with the stream's backpressure passed on to whoever writes.
import { constants, createWriteStream, fstatSync, lstatSync, readlinkSync, realpathSync, statSync, unlinkSync, type Stats } from "node:fs";
import { access, chmod, rename, stat, unlink } from "node:fs/promises";
import type { Writable } from "node:stream";
import { basename, dirname, isAbsolute, join } from "node:path";

/** Partial files not yet renamed into place. */
const partialFiles = new Set<string>();

/** Deletes every partial file not yet renamed into place (also done on exit). */
export function removePartialFiles(): void {
  for (const file of partialFiles) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
  partialFiles.clear();
}
process.on("exit", removePartialFiles);
let partials = 0;

/** One NDJSON output: a document per line. */
export interface NdjsonSink {
  /** What it is called in messages, e.g. `--out "results.ndjson"`. */
  readonly label: string;
  /** How it is written (see {@link Placement}): through stdout/stderr, directly, or atomically. */
  readonly kind: "stdout" | "stderr" | "direct" | "atomic";
  /** Writes a document; returns a promise (wait for it) while the stream is over its high-water mark. Throws once the stream has failed. */
  write(doc: unknown): Promise<void> | void;
  /** True while the stream holds more than its high-water mark. */
  readonly congested: boolean;
  /** Resolves once the stream is below its high-water mark again (or has failed). */
  drained(): Promise<void>;
  /** The stream's error, if writing failed. */
  readonly failure: Error | undefined;
  /** Finishes writing (every byte flushed or failed); resolves to the error if any write failed. */
  finish(): Promise<Error | undefined>;
  /** After a successful `finish`: moves the output into place. */
  commit(): Promise<void>;
  /** Stops writing; a regular file's partial output is deleted and whatever was at the path before stays. */
  discard(): Promise<void>;
}

/**
 * How output for a path is written:
 * - `stdout`/`stderr`: the path is the file this process's standard output
 *   or error already goes to (`/dev/stdout`, a link to it, or the file a
 *   shell redirected to): written through that stream, so it neither
 *   truncates what the process writes there nor is renamed away from the
 *   shell's open file;
 * - `direct`: a pipe or a device, written as it is (it cannot be replaced);
 * - `atomic`: a regular file, existing or new, written through a partial
 *   file next to it and renamed over it. `target` is the file the kernel
 *   would open, found through the file system (symlinks, `..` after a link),
 *   not by editing the path's text.
 */
type Placement = { readonly kind: "stdout" } | { readonly kind: "stderr" } | { readonly kind: "direct" | "atomic"; readonly target: string };

const sameFile = (a: Stats, b: Stats): boolean => a.dev === b.dev && a.ino === b.ino;

function placement(path: string): Placement {
  let st: Stats | undefined;
  try {
    st = statSync(path); // follows symlinks
  } catch {
    st = undefined;
  }
  if (st) {
    for (const [fd, kind] of [[1, "stdout"], [2, "stderr"]] as const) {
      try {
        if (sameFile(fstatSync(fd), st)) return kind === "stdout" ? { kind: "stdout" } : { kind: "stderr" };
      } catch {
        // that descriptor is closed
      }
    }
    return st.isFile() ? { kind: "atomic", target: realpathSync.native(path) } : { kind: "direct", target: path };
  }
  // A new file, or a link to one not there yet: follow the links to the
  // name that will be created, in the folder they lead to.
  // (Folders go through the C library's realpath: path.resolve, and
  // fs.realpathSync without .native, drop "link/.." by its text.)
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    let link;
    try {
      link = lstatSync(p);
    } catch {
      break;
    }
    if (!link.isSymbolicLink()) break;
    const text = readlinkSync(p);
    p = isAbsolute(text) ? text : `${realpathSync.native(dirname(p))}/${text}`; // not resolve(): it would fold "link/.." by its text
  }
  return { kind: "atomic", target: join(realpathSync.native(dirname(p)), basename(p)) };
}

/** The file `path` names now, as device:inode (undefined if there is none). */
export function fileIdentity(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** Where an output goes: a key equal for two paths naming the same one, and whether outputs may share it. */
export interface OutputIdentity {
  readonly key: string;
  /** Standard output or error, or a character device such as /dev/null: lines from several outputs may mix there. */
  readonly shareable: boolean;
}

function identity(p: Placement): OutputIdentity {
  if (p.kind === "stdout" || p.kind === "stderr") return { key: p.kind, shareable: true };
  try {
    const st = statSync(p.target);
    return { key: `${st.dev}:${st.ino}`, shareable: st.isCharacterDevice() };
  } catch {
    return { key: p.target, shareable: false }; // a new file
  }
}

/**
 * Checks before any work starts that `path` can be written the way
 * {@link ndjsonSink} will write it; resolves to where the output goes (so
 * two outputs naming one file can be refused), or rejects with the reason.
 */
export async function checkWritable(path: string): Promise<OutputIdentity> {
  // An empty path or one ending in "/" names a folder, not a file.
  if (path === "" || path.endsWith("/")) throw new Error("expected a file path");
  let p: Placement;
  try {
    if (statSync(path).isDirectory()) throw new Error("is a directory");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  try {
    p = placement(path);
  } catch (err) {
    throw new Error(`its folder does not exist (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (p.kind === "atomic") {
    await access(dirname(p.target), constants.W_OK);
    await access(p.target, constants.W_OK).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
  } else if (p.kind === "direct") await access(p.target, constants.W_OK);
  return identity(p);
}

/**
 * Opens an NDJSON output at `path`, called `label` in messages. A regular
 * file is written through a hidden partial file in its folder, renamed over
 * it by `commit` only when the run succeeds: a run that fails part-way (bad
 * input, a full disk, a second Ctrl-C) leaves no half-written file and
 * keeps an earlier run's results. Pipes and devices are written directly:
 * they cannot be replaced, and what they received is gone anyway; standard
 * output and error through the process's own streams.
 */
export function ndjsonSink(path: string, label = `"${path}"`): NdjsonSink {
  const place = placement(path);
  const partial = place.kind === "atomic" ? join(dirname(place.target), `.csl-${process.pid}-${++partials}.partial`) : undefined;
  if (partial) partialFiles.add(partial);
  const own = place.kind === "atomic" || place.kind === "direct";
  const stream: Writable = place.kind === "stdout" ? process.stdout : place.kind === "stderr" ? process.stderr : createWriteStream(partial ?? place.target);
  let failure: Error | undefined;
  const onError = (err: Error): void => {
    failure ??= err;
  };
  stream.on("error", onError);
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
    kind: place.kind,
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
      // 'close' comes after the last bytes are flushed, or after the error
      // that stopped them (recorded by then): end()'s own callback can run
      // before a failed final write is reported. The process's streams are
      // not ended, only flushed.
      finished ??= new Promise<Error | undefined>((resolve) => {
        if (!own) {
          stream.write("", (err) => {
            failure ??= err ?? stream.errored ?? undefined;
            resolve(failure);
          });
        } else if (stream.closed || stream.destroyed) resolve(failure);
        else {
          stream.once("close", () => resolve(failure));
          stream.end();
        }
      });
      return finished;
    },
    async commit() {
      const err = await this.finish();
      if (err) throw err;
      if (!partial) return;
      if (place.kind !== "atomic") return;
      // Keep the mode of the file replaced (a private file stays private).
      const old = await stat(place.target).catch(() => undefined);
      if (old) await chmod(partial, old.mode & 0o7777);
      await rename(partial, place.target);
      partialFiles.delete(partial);
    },
    async discard() {
      await this.finish();
      await forget();
    },
  };
}

/** What went wrong when committing outputs: the sink, its error, and the outputs already in place. */
export interface CommitFailure {
  readonly sink: NdjsonSink;
  readonly error: Error;
  readonly landed: readonly NdjsonSink[];
}

/**
 * Finishes every sink, then moves them all into place — or, if any write
 * failed, discards them all and returns that error: a run's outputs land
 * together or not at all. (Only a rename failing after another succeeded —
 * a folder made read-only mid-run — can split them; `landed` says which.)
 */
export async function commitAll(sinks: readonly NdjsonSink[]): Promise<CommitFailure | undefined> {
  const errors = await Promise.all(sinks.map((s) => s.finish()));
  const at = errors.findIndex((e) => e !== undefined);
  if (at >= 0) {
    await Promise.all(sinks.map((s) => s.discard()));
    return { sink: sinks[at]!, error: errors[at]!, landed: [] };
  }
  const results = await Promise.allSettled(sinks.map((s) => s.commit()));
  const failed = results.findIndex((r) => r.status === "rejected");
  if (failed < 0) return undefined;
  await Promise.all(sinks.map((s, i) => (results[i]!.status === "rejected" ? s.discard() : undefined)));
  return {
    sink: sinks[failed]!,
    error: (results[failed] as PromiseRejectedResult).reason as Error,
    landed: sinks.filter((_, i) => results[i]!.status === "fulfilled"),
  };
}
