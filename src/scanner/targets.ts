/**
 * Targets: IPv4/IPv6 literals, hostnames and small CIDR blocks, parsed,
 * checked (no broadcast, multicast or unspecified addresses) and resolved
 * once, so every later connect goes to an address, never through DNS again.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { ResolvedTarget } from "./types";

/** The target scanned when none is given. */
export const DEFAULT_TARGET = "127.0.0.1";

/** The largest blocks we expand: a /24 in IPv4, a /120 in IPv6 (256 addresses). */
export const MIN_IPV4_PREFIX = 24;
export const MIN_IPV6_PREFIX = 120;

/** A target as written, classified. */
export type ParsedTarget =
  | { readonly kind: "address"; readonly text: string; readonly address: string; readonly family: 4 | 6 }
  | { readonly kind: "cidr"; readonly text: string; readonly addresses: readonly string[]; readonly family: 4 | 6 }
  | { readonly kind: "hostname"; readonly text: string; readonly hostname: string };

/**
 * Classifies one target and checks it: a literal address, a CIDR block
 * (expanded to its host addresses) or a hostname (resolved later).
 *
 * @throws {TypeError} when the text is neither an address, a block nor a hostname.
 * @throws {RangeError} for broadcast, multicast or unspecified addresses, blocks larger than /24 (/120).
 *
 * @example
 * parseTarget("127.0.0.0/30"); //=> {kind: "cidr", addresses: ["127.0.0.1", "127.0.0.2"], …}
 */
export function parseTarget(text: string): ParsedTarget {
  if (typeof text !== "string") throw new TypeError(`Expected a target string but found ${typeof text}`);
  const trimmed = text.trim();
  if (trimmed === "") throw new TypeError("Expected a target but found an empty string");
  const bare = /^\[(.*)\]$/.exec(trimmed)?.[1] ?? trimmed;
  const family = isIP(bare);
  if (family === 4 || family === 6) {
    const address = family === 4 ? bare : formatIpv6(parseIpv6(bare.split("%")[0]!)) + _zone(bare);
    checkScannable(address);
    return { kind: "address", text: trimmed, address, family };
  }
  const slash = trimmed.lastIndexOf("/");
  if (slash > 0) return { kind: "cidr", text: trimmed, ...expandCidr(trimmed) };
  if (_isHostname(trimmed)) return { kind: "hostname", text: trimmed, hostname: trimmed.toLowerCase() };
  throw new TypeError(`Expected an IP address, a CIDR block or a hostname but found "${trimmed}"`);
}

function _zone(address: string): string {
  const at = address.indexOf("%");
  return at < 0 ? "" : address.slice(at);
}

function _isHostname(text: string): boolean {
  if (text.length > 253) return false;
  const labels = text.replace(/\.$/, "").split(".");
  // An all-numeric name would be a mistyped IPv4 address, not a host.
  if (labels.every((l) => /^\d+$/.test(l))) return false;
  return labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(l));
}

/**
 * Expands a CIDR block into the addresses to scan. Blocks with more than two
 * addresses lose their network and broadcast addresses (as hosts do);
 * /31, /32, /127 and /128 keep every address.
 *
 * @throws {TypeError} when the block is malformed.
 * @throws {RangeError} when the prefix is out of range, larger than /24 (/120), or the block is multicast.
 *
 * @example
 * expandCidr("127.0.0.0/30").addresses; //=> ["127.0.0.1", "127.0.0.2"]
 */
export function expandCidr(block: string): { addresses: string[]; family: 4 | 6 } {
  const match = /^(.+)\/(\d{1,3})$/.exec(block.trim());
  const family = match ? isIP(match[1]!) : 0;
  if (!match || (family !== 4 && family !== 6)) {
    throw new TypeError(`Expected a CIDR block like 127.0.0.0/30 but found "${block}"`);
  }
  const prefix = Number(match[2]);
  const bits = family === 4 ? 32 : 128;
  const smallest = family === 4 ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX;
  if (prefix > bits) throw new RangeError(`Expected a prefix from 0 to ${bits} but found /${prefix} in "${block}"`);
  if (prefix < smallest) {
    throw new RangeError(`Expected a block of at most 256 addresses (/${smallest} or longer) but found /${prefix} in "${block}"`);
  }
  const base = family === 4 ? BigInt(parseIpv4(match[1]!)) : parseIpv6(match[1]!);
  const size = 1n << BigInt(bits - prefix);
  const network = (base / size) * size;
  const format = (n: bigint): string => (family === 4 ? formatIpv4(Number(n)) : formatIpv6(n));
  if (_isMulticast(format(network))) throw new RangeError(`Refusing to scan multicast block "${block}"`);
  const skipEnds = size > 2n && family === 4;
  const first = skipEnds ? network + 1n : network;
  const last = skipEnds ? network + size - 2n : network + size - 1n;
  const addresses: string[] = [];
  for (let n = first; n <= last; n++) addresses.push(format(n));
  return { addresses, family };
}

/**
 * Rejects addresses a scan must never target: the limited broadcast address,
 * multicast groups and the unspecified address.
 *
 * @throws {RangeError} naming the address and why.
 */
export function checkScannable(address: string): void {
  if (address === "255.255.255.255") throw new RangeError(`Refusing to scan broadcast address ${address}`);
  if (_isMulticast(address)) throw new RangeError(`Refusing to scan multicast address ${address}`);
  if (address === "0.0.0.0" || address === "::") throw new RangeError(`Refusing to scan unspecified address ${address}`);
}

function _isMulticast(address: string): boolean {
  if (isIP(address) === 4) return parseIpv4(address) >>> 28 === 0xe;
  return isIP(address) === 6 && parseIpv6(address.split("%")[0]!) >> 120n === 0xffn;
}

/** An IPv4 dotted quad as an unsigned 32-bit number. */
export function parseIpv4(address: string): number {
  return address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** An unsigned 32-bit number as a dotted quad. */
export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** An IPv6 literal (validated by `net.isIP`) as a 128-bit bigint. */
export function parseIpv6(address: string): bigint {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseIpv4(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const groups = (s: string | undefined) => (s ? s.split(":") : []);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return all.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** A 128-bit bigint as a canonical (RFC 5952) IPv6 literal. */
export function formatIpv6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

/** Options for {@link resolveTargets}. */
export interface ResolveOptions {
  /** Resolver for hostnames (default `dns.promises.lookup`); injectable for tests. */
  readonly lookup?: (hostname: string) => Promise<{ address: string; family: number }>;
}

/** A hostname that does not resolve: bad input, reported in one line. */
export class UnresolvableTargetError extends TypeError {
  override name = "UnresolvableTargetError";
}

/**
 * Parses and resolves targets once, in order, dropping repeated addresses.
 * Hostnames take their first resolved address. An empty list means
 * {@link DEFAULT_TARGET}.
 *
 * @throws the errors of {@link parseTarget}, and {@link UnresolvableTargetError} for unknown hosts.
 *
 * @example
 * await resolveTargets(["localhost"]); //=> [{target: "localhost", address: "127.0.0.1", family: 4}]
 */
export async function resolveTargets(texts: readonly string[], options: ResolveOptions = {}): Promise<ResolvedTarget[]> {
  const lookup = options.lookup ?? ((name: string) => dnsLookup(name));
  const parsed = (texts.length === 0 ? [DEFAULT_TARGET] : texts).map(parseTarget);
  const resolved: ResolvedTarget[] = [];
  for (const t of parsed) {
    if (t.kind === "address") resolved.push({ target: t.text, address: t.address, family: t.family });
    else if (t.kind === "cidr") for (const address of t.addresses) resolved.push({ target: t.text, address, family: t.family });
    else {
      let answer: { address: string; family: number };
      try {
        answer = await lookup(t.hostname);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOTFOUND" || code === "EAI_NONAME" || code === "ENODATA") {
          throw new UnresolvableTargetError(`Cannot resolve hostname "${t.text}" (${code})`);
        }
        throw err;
      }
      checkScannable(answer.address);
      resolved.push({ target: t.text, address: answer.address, family: answer.family === 6 ? 6 : 4 });
    }
  }
  const seen = new Set<string>();
  return resolved.filter((r) => !seen.has(r.address) && seen.add(r.address));
}
