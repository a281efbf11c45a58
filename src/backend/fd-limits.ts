import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { checkInteger } from "../shared/check";

/** The open-file limits of a process (RLIMIT_NOFILE). */
export interface FdLimits {
  /** The limit enforced now; a process may raise it up to `hard`. */
  readonly soft: number;
  /** The ceiling (Infinity for "unlimited"). */
  readonly hard: number;
}

/**
 * Reads this process's open-file limits from `/proc/self/limits` (Linux).
 *
 * @throws {Error} When the file is missing (not Linux) or has no "Max open files" line.
 */
export function readFdLimits(limitsText: string = readFileSync("/proc/self/limits", "utf8")): FdLimits {
  const line = limitsText.split("\n").find((l) => l.startsWith("Max open files"));
  const m = line && /^Max open files\s+(\S+)\s+(\S+)/.exec(line);
  if (!m) throw new Error('Expected a "Max open files" line in /proc/self/limits');
  const num = (s: string): number => (s === "unlimited" ? Infinity : Number(s));
  return { soft: num(m[1]!), hard: num(m[2]!) };
}

/** Counts this process's open file descriptors (Linux: entries of /proc/self/fd). */
export function countOpenFds(): number {
  // readdirSync itself opens one descriptor while listing; do not count it.
  return readdirSync("/proc/self/fd").length - 1;
}

/** What {@link connectionsUnderLimit} found. */
export interface ConnectionCeiling {
  /** The soft limit the child ran with. */
  readonly limit: number;
  /** Descriptors open in the child before it opened any connection (stdio, runtime internals). */
  readonly baseline: number;
  /** Loopback connections (client and server end, both in the child) open when it stopped. */
  readonly connections: number;
  /** The error that stopped it, e.g. "EMFILE" (or "none" when it reached `maxConnections`). */
  readonly stoppedBy: string;
}

/** The child's program: a loopback server and clients connecting to it until something fails. */
const CHILD_SOURCE = `
const net = require("node:net");
const fs = require("node:fs");
const max = Number(process.argv[1]);
const baseline = fs.readdirSync("/proc/self/fd").length - 1;
const server = net.createServer(() => {});
const sockets = [];
let connections = 0;
let done = false;
const finish = (stoppedBy) => {
  if (done) return;
  done = true;
  process.stdout.write(JSON.stringify({ baseline, connections, stoppedBy }));
  for (const s of sockets) s.destroy();
  server.close();
  process.exit(0);
};
server.on("error", (e) => finish(e.code || String(e)));
server.listen(0, "127.0.0.1", () => {
  const port = server.address().port;
  const next = () => {
    if (connections >= max) return finish("none");
    const s = net.connect(port, "127.0.0.1");
    sockets.push(s);
    s.once("connect", () => { connections++; setImmediate(next); });
    s.once("error", (e) => finish(e.code || String(e)));
  };
  next();
});
setTimeout(() => finish("timeout"), 10000);
`;

/**
 * Starts a Node child process whose soft open-file limit is `limit` and lets
 * it open loopback connections to its own server until one fails. Each
 * connection costs two descriptors there (the client socket and the accepted
 * one), which is what a connection pool to a local database or a sidecar
 * costs too.
 *
 * @param limit Soft limit for the child, from 32 to 65536.
 * @param maxConnections Stop after this many (default 100000).
 * @throws {RangeError} When limit is out of range.
 */
export async function connectionsUnderLimit(limit: number, maxConnections = 100_000): Promise<ConnectionCeiling> {
  checkInteger("limit", limit, 32, 65_536);
  const child = spawn("sh", ["-c", `ulimit -n ${limit} && exec "$0" -e "$1" "$2"`, process.execPath, CHILD_SOURCE, String(maxConnections)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0 || out === "") {
    throw new Error(`connection child with limit ${limit} exited with ${code}: ${err.trim().split("\n").pop() ?? ""}`);
  }
  const result = JSON.parse(out) as { baseline: number; connections: number; stoppedBy: string };
  return { limit, ...result };
}
