/**
 * Port lists: the spec parser (`80,443,8000-8100`, `-` for all), the default
 * set of standard HTTP(S) ports, and our own ranked list for `--top-ports`.
 */

/** Lowest and highest TCP/UDP port numbers a scan may target. */
export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/**
 * The default scan: ports where HTTP(S) servers listen in practice.
 * 80/443 are IANA's http/https; 8080 and 8008 are registered "http-alt",
 * 8443 "https-alt"; 8000, 8888, 8081, 9000 and 9090 are the usual choices of
 * dev servers, proxies and admin consoles (Python's http.server, Jupyter,
 * Prometheus…); 3000, 5000, 5173 and 4200 are the defaults of Node/Express and
 * Grafana, Flask, Vite and Angular; 9443 and 4443 are common HTTPS
 * alternatives. Ordered by how often we expect to meet them.
 */
export const DEFAULT_HTTP_PORTS: readonly number[] = Object.freeze([
  80, 443, 8080, 8443, 8000, 8008, 8888, 3000, 5000, 8081, 9000, 9090, 9443, 4443, 5173, 4200,
]);

/**
 * Our own ranking of commonly open TCP ports (not nmap's `nmap-services`),
 * most common first: web, remote access, mail, databases and caches, then
 * directory, file-sharing, messaging and dev-server ports.
 */
export const RANKED_PORTS: readonly number[] = Object.freeze([
  80, 443, 22, 8080, 21, 25, 3389, 110, 445, 139, 143, 53, 3306, 8443, 135, 23, 993, 995, 587, 5432,
  6379, 8000, 8888, 3000, 5000, 111, 1723, 465, 5900, 27017, 9200, 11211, 1433, 1521, 389, 636, 2049,
  5672, 9090, 8008, 8081, 9000, 9443, 4443, 5173, 4200, 2375, 2376, 6443, 10250, 5601, 9092, 2181,
  15672, 1883, 8883, 5060, 5061, 179, 119, 79, 113, 161, 514, 873, 990, 1080, 1194, 3128, 3690,
  4369, 5222, 5353, 5984, 6000, 6660, 7001, 7474, 8009, 8082, 8086, 8123, 8161, 8500, 8834, 9001,
  9100, 9418, 9999, 10000, 25565, 26257, 28015, 50000, 50070, 6667, 7077, 8983,
]);

/**
 * Parses a port spec: comma-separated ports and ranges, `-` for all ports,
 * `-N` for 1..N and `N-` for N..65535. Returns the ports sorted, each once.
 *
 * @throws {TypeError} when an item is empty or not a number/range.
 * @throws {RangeError} when a port is outside 1–65535 or a range runs backwards.
 *
 * @example
 * parsePortSpec("443,80,8000-8002"); //=> [80, 443, 8000, 8001, 8002]
 */
export function parsePortSpec(spec: string): number[] {
  if (typeof spec !== "string") throw new TypeError(`Expected a port spec string but found ${typeof spec}`);
  if (spec.trim() === "") throw new TypeError("Expected a port spec but found an empty string");
  const seen = new Uint8Array(MAX_PORT + 1);
  const items = spec.split(",");
  items.forEach((raw, index) => {
    const item = raw.trim();
    if (item === "") throw new TypeError(`Expected a port or range but found an empty item at position ${index + 1} in "${spec}"`);
    const [low, high] = _parseItem(item);
    for (let p = low; p <= high; p++) seen[p] = 1;
  });
  const ports: number[] = [];
  for (let p = MIN_PORT; p <= MAX_PORT; p++) if (seen[p]) ports.push(p);
  return ports;
}

function _parseItem(item: string): [number, number] {
  if (item === "-") return [MIN_PORT, MAX_PORT];
  const range = /^(\d*)\s*-\s*(\d*)$/.exec(item);
  if (range) {
    const low = range[1] === "" ? MIN_PORT : _port(range[1]!, item);
    const high = range[2] === "" ? MAX_PORT : _port(range[2]!, item);
    if (low > high) throw new RangeError(`Expected a range low-high with low <= high but found "${item}"`);
    return [low, high];
  }
  if (!/^\d+$/.test(item)) throw new TypeError(`Expected a port number or a range like 8000-8100 but found "${item}"`);
  const port = _port(item, item);
  return [port, port];
}

function _port(digits: string, item: string): number {
  const port = Number(digits);
  if (port < MIN_PORT || port > MAX_PORT) {
    throw new RangeError(`Expected ports from ${MIN_PORT} to ${MAX_PORT} but found ${digits.replace(/^0+(?=\d)/, "")} in "${item}"`);
  }
  return port;
}

/**
 * The first `count` ports of {@link RANKED_PORTS}.
 *
 * @throws {RangeError} when count is not an integer from 1 to the list's length.
 *
 * @example
 * topPorts(3); //=> [80, 443, 22]
 */
export function topPorts(count: number): number[] {
  if (!Number.isInteger(count) || count < 1 || count > RANKED_PORTS.length) {
    throw new RangeError(`Expected a top-ports count from 1 to ${RANKED_PORTS.length} but found ${count}`);
  }
  return RANKED_PORTS.slice(0, count);
}

/**
 * Formats ports compactly as a spec, merging consecutive ports into ranges;
 * the inverse of {@link parsePortSpec} for sorted unique input.
 *
 * @example
 * formatPortSpec([80, 443, 8000, 8001, 8002]); //=> "80,443,8000-8002"
 */
export function formatPortSpec(ports: readonly number[]): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}
