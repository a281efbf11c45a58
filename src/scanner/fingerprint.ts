/**
 * Fingerprinting an open port: listen for a spontaneous banner, then ask in
 * HTTP, and in parallel try a TLS handshake. Every read is capped and every
 * port has a hard deadline, so a silent service costs at most that deadline.
 */
import { X509Certificate } from "node:crypto";
import { isIP, Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import { isCompleteResponse, parseHttpResponse } from "./http-response";
import type { HttpInfo, ServiceInfo, TlsInfo } from "./types";

/** Options for {@link fingerprint}. */
export interface FingerprintOptions {
  /** Milliseconds to wait for the service to speak first (default 300). */
  readonly bannerWaitMs?: number;
  /** Hard limit for the whole port, all probes included (default 2000). */
  readonly deadlineMs?: number;
  /** Bytes read at most per probe (default 16 KiB). */
  readonly maxBytes?: number;
  /** Name for the HTTP `Host` header and TLS SNI (default: the address). */
  readonly hostname?: string;
}

/** A fingerprint and how long it took. */
export interface Fingerprint {
  readonly port: number;
  /** Empty when the service neither spoke, answered HTTP nor TLS. */
  readonly service: ServiceInfo;
  readonly elapsedMs: number;
  /** True when the deadline cut a probe off. */
  readonly timedOut: boolean;
}

const BANNER_CHARS = 256;

/**
 * Fingerprints one open TCP port of an IP address.
 *
 * @example
 * const { service } = await fingerprint("127.0.0.1", 8080);
 * service.http?.status; //=> e.g. 200
 */
export async function fingerprint(address: string, port: number, options: FingerprintOptions = {}): Promise<Fingerprint> {
  const bannerWaitMs = options.bannerWaitMs ?? 300;
  const deadlineMs = options.deadlineMs ?? 2000;
  const maxBytes = options.maxBytes ?? 16 * 1024;
  if (!isIP(address)) throw new TypeError(`Expected an IP address but found "${address}"`);
  if (!Number.isInteger(deadlineMs) || deadlineMs < 1) throw new RangeError(`Expected deadlineMs to be a positive integer but found ${deadlineMs}`);
  const hostname = options.hostname ?? address;
  const started = performance.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  const probe = { address, port, hostname, maxBytes, signal: deadline.signal };
  try {
    const handshake: _Handshake = { done: false };
    const tls = _tlsProbe(probe, handshake);
    const plain = _plainProbe(probe, bannerWaitMs, handshake);
    const [p, t] = await Promise.all([plain, tls]);
    const http = t.tls ? (t.http ?? p.http) : p.http;
    const service: ServiceInfo = {
      ...(p.banner !== undefined ? { banner: p.banner } : {}),
      ...(http ? { http } : {}),
      ...(t.tls ? { tls: t.tls } : {}),
    };
    return { port, service, elapsedMs: Math.round(performance.now() - started), timedOut: deadline.signal.aborted };
  } finally {
    clearTimeout(timer);
  }
}

/** Shared by the two probes: a port that speaks TLS needs no plain HTTP probe. */
interface _Handshake {
  done: boolean;
  onDone?: () => void;
}

interface _Probe {
  readonly address: string;
  readonly port: number;
  readonly hostname: string;
  readonly maxBytes: number;
  readonly signal: AbortSignal;
}

function _request(hostname: string): string {
  const host = isIP(hostname) === 6 ? `[${hostname}]` : hostname;
  return `GET / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: core-systems-lab-scanner\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
}

/**
 * Plain TCP: wait for a banner; if none came (and the port did not turn out
 * to speak TLS), send an HTTP request and read the answer.
 */
function _plainProbe(probe: _Probe, bannerWaitMs: number, handshake: _Handshake): Promise<{ banner?: string; http?: HttpInfo }> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const chunks: Buffer[] = [];
    let received = 0;
    let phase: "banner" | "http" | "done" = "banner";
    let sentAt = 0;
    let firstByteAt = 0;
    let bannerTimer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (phase === "done") return;
      const wasHttp = phase === "http";
      phase = "done";
      clearTimeout(bannerTimer);
      probe.signal.removeEventListener("abort", finish);
      socket.destroy();
      const raw = Buffer.concat(chunks);
      if (!wasHttp) return resolve(raw.length > 0 ? { banner: _printable(raw) } : {});
      const http = _httpInfo(raw, firstByteAt ? firstByteAt - sentAt : 0);
      resolve(http ? { http } : {});
    };
    probe.signal.addEventListener("abort", finish);
    handshake.onDone = () => {
      if (phase === "banner" && received === 0) finish();
    };
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("data", (chunk: Buffer) => {
      if (phase === "done") return;
      if (!firstByteAt) firstByteAt = performance.now();
      chunks.push(chunk);
      received += chunk.length;
      if (received >= probe.maxBytes) return finish();
      if (phase === "banner") {
        // A banner usually arrives in one segment; allow a moment for the rest of its line.
        clearTimeout(bannerTimer);
        bannerTimer = setTimeout(finish, 50);
      } else if (isCompleteResponse(Buffer.concat(chunks))) finish();
    });
    socket.connect({ host: probe.address, port: probe.port }, () => {
      bannerTimer = setTimeout(() => {
        if (phase !== "banner") return;
        // No banner. A port whose TLS handshake already succeeded would only
        // answer plain HTTP with an error: the TLS probe asks HTTP instead.
        if (handshake.done) return finish();
        phase = "http";
        sentAt = performance.now();
        socket.write(_request(probe.hostname));
      }, bannerWaitMs);
    });
    if (probe.signal.aborted) finish();
  });
}

/** TLS: handshake (any certificate accepted, for reading), then HTTP over it. */
function _tlsProbe(probe: _Probe, handshake: _Handshake): Promise<{ tls?: TlsInfo; http?: HttpInfo }> {
  return new Promise((resolve) => {
    let tls: TlsInfo | undefined;
    let sentAt = 0;
    let firstByteAt = 0;
    let done = false;
    const chunks: Buffer[] = [];
    let received = 0;
    const socket: TLSSocket = tlsConnect({
      host: probe.address,
      port: probe.port,
      rejectUnauthorized: false,
      ...(isIP(probe.hostname) ? {} : { servername: probe.hostname }),
    });
    const finish = () => {
      if (done) return;
      done = true;
      probe.signal.removeEventListener("abort", finish);
      socket.destroy();
      const http = tls ? _httpInfo(Buffer.concat(chunks), firstByteAt ? firstByteAt - sentAt : 0) : undefined;
      resolve({ ...(tls ? { tls } : {}), ...(http ? { http } : {}) });
    };
    probe.signal.addEventListener("abort", finish);
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("secureConnect", () => {
      handshake.done = true;
      handshake.onDone?.();
      tls = _tlsInfo(socket);
      sentAt = performance.now();
      socket.write(_request(probe.hostname));
    });
    socket.on("data", (chunk: Buffer) => {
      if (!firstByteAt) firstByteAt = performance.now();
      chunks.push(chunk);
      received += chunk.length;
      if (received >= probe.maxBytes || isCompleteResponse(Buffer.concat(chunks))) finish();
    });
    if (probe.signal.aborted) finish();
  });
}

function _httpInfo(raw: Buffer, responseMs: number): HttpInfo | undefined {
  const parsed = parseHttpResponse(raw.toString("utf8"));
  if (!parsed) return undefined;
  const h = parsed.headers;
  return {
    status: parsed.status,
    reason: parsed.reason,
    ...(h.server !== undefined ? { server: h.server } : {}),
    ...(h["x-powered-by"] !== undefined ? { poweredBy: h["x-powered-by"] } : {}),
    ...(parsed.title !== undefined ? { title: parsed.title } : {}),
    ...(h.location !== undefined ? { location: h.location } : {}),
    responseMs: Math.round(responseMs * 1000) / 1000,
  };
}

function _tlsInfo(socket: TLSSocket): TlsInfo | undefined {
  const raw = socket.getPeerCertificate()?.raw;
  if (!raw) return undefined;
  const cert = new X509Certificate(raw);
  return {
    protocol: socket.getProtocol() ?? "unknown",
    subject: cert.subject.split("\n").join(", "),
    issuer: cert.issuer.split("\n").join(", "),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    altNames: cert.subjectAltName ? cert.subjectAltName.split(", ") : [],
    sha256: cert.fingerprint256,
  };
}

/** A banner as text: CR/LF normalised, other control bytes escaped, trimmed and capped. */
function _printable(raw: Buffer): string {
  return raw
    .toString("latin1")
    .replace(/\r\n/g, "\n")
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)
    .trim()
    .slice(0, BANNER_CHARS);
}

/** Options for {@link fingerprintPorts}. */
export interface FingerprintPortsOptions extends FingerprintOptions {
  /** Ports fingerprinted at once (default 32; each holds two connections). */
  readonly concurrency?: number;
}

/**
 * Fingerprints several open ports of one address, a bounded number at a time.
 *
 * @example
 * (await fingerprintPorts("127.0.0.1", [8080, 8443])).length; //=> 2
 */
export async function fingerprintPorts(address: string, ports: readonly number[], options: FingerprintPortsOptions = {}): Promise<Fingerprint[]> {
  const concurrency = options.concurrency ?? 32;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`Expected concurrency to be a positive integer but found ${concurrency}`);
  const results: Fingerprint[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ports.length) {
      const port = ports[next++]!;
      results.push(await fingerprint(address, port, options));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ports.length) }, worker));
  return results.sort((a, b) => a.port - b.port);
}
