/**
 * Domain types of the scanner: plain readonly data, easy to print, plot and
 * assert on. The JSON the CLI prints is a projection of these (see `report.ts`).
 */

/** Transport protocol of a probed port. */
export type Protocol = "tcp" | "udp";

/**
 * What a probe concluded about a port:
 * - `open`: a TCP handshake completed (SYN-ACK), or a UDP reply arrived;
 * - `closed`: the host answered "nobody here" (TCP RST, ICMP port unreachable);
 * - `filtered`: no answer before the timeout, or an unreachable error;
 * - `open|filtered`: UDP silence, which cannot tell a listener from a firewall.
 */
export type PortState = "open" | "closed" | "filtered" | "open|filtered";

/** What an HTTP probe read from a port. */
export interface HttpInfo {
  /** Status code, e.g. 200. */
  readonly status: number;
  /** Reason phrase from the status line, e.g. "OK". */
  readonly reason: string;
  /** `Server` response header. */
  readonly server?: string;
  /** `X-Powered-By` response header. */
  readonly poweredBy?: string;
  /** Text of the HTML `<title>`, whitespace collapsed. */
  readonly title?: string;
  /** `Location` header (redirects are reported, not followed). */
  readonly location?: string;
  /** Milliseconds from sending the request to the first response byte. */
  readonly responseMs: number;
}

/** What a TLS handshake revealed about a port's certificate. */
export interface TlsInfo {
  /** Negotiated protocol, e.g. "TLSv1.3". */
  readonly protocol: string;
  /** Certificate subject, e.g. "CN=localhost". */
  readonly subject: string;
  /** Certificate issuer, e.g. "CN=localhost". */
  readonly issuer: string;
  /** Start of validity, ISO-8601. */
  readonly validFrom: string;
  /** End of validity, ISO-8601. */
  readonly validTo: string;
  /** Subject alternative names, e.g. ["DNS:localhost", "IP Address:127.0.0.1"]. */
  readonly altNames: readonly string[];
  /** SHA-256 fingerprint of the certificate, colon-separated hex. */
  readonly sha256: string;
}

/** Everything the fingerprint learned about an open port. */
export interface ServiceInfo {
  /** First bytes a service sent on its own (SSH, SMTP, Redis-style), printable. */
  readonly banner?: string;
  /** Answer to a plain HTTP request (or to HTTP over TLS when the port speaks TLS). */
  readonly http?: HttpInfo;
  /** The TLS certificate, when the port speaks TLS. */
  readonly tls?: TlsInfo;
}

/** The outcome of probing one port. */
export interface PortResult {
  readonly port: number;
  readonly protocol: Protocol;
  readonly state: PortState;
  /** Why: "syn-ack", "conn-refused", "conn-reset", "self-connect", "no-response", "host-unreach", "net-unreach", "admin-prohibited", "port-unreach", "udp-response". */
  readonly reason: string;
  /** Milliseconds until the answer that decided the state; null when there was none. */
  readonly latencyMs: number | null;
  /** Fingerprint of an open TCP port, when fingerprinting was on and found something. */
  readonly service?: ServiceInfo;
}

/** A target after parsing and resolution: what the user wrote and the address scanned. */
export interface ResolvedTarget {
  /** As given: a literal, a hostname, or the CIDR block it came from. */
  readonly target: string;
  /** The IP address connected to. */
  readonly address: string;
  readonly family: 4 | 6;
}

/** All results for one address. */
export interface HostReport {
  readonly target: string;
  readonly address: string;
  /** When the host's scan started, ISO-8601. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** Sorted by protocol (tcp first) then port. */
  readonly ports: readonly PortResult[];
}
