/**
 * Reading what an HTTP server answered: the status line, a few headers and
 * the HTML title, from at most the first bytes of a response.
 */

/** The parts of an HTTP response a fingerprint keeps. */
export interface ParsedHttpResponse {
  readonly status: number;
  readonly reason: string;
  /** Header names lower-cased; the first occurrence wins. */
  readonly headers: Readonly<Record<string, string>>;
  /** Text of the first `<title>`, entities decoded, whitespace collapsed. */
  readonly title?: string;
}

/**
 * Parses the start of an HTTP/1.x response; undefined when the bytes do not
 * begin with a status line.
 *
 * @example
 * parseHttpResponse("HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n")?.headers.location; //=> "/x"
 */
export function parseHttpResponse(text: string): ParsedHttpResponse | undefined {
  const statusLine = /^HTTP\/\d(?:\.\d)? (\d{3})(?: ([^\r\n]*))?(?:\r?\n|$)/.exec(text);
  if (!statusLine) return undefined;
  const headerEnd = text.search(/\r?\n\r?\n/);
  const head = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = line.slice(colon + 1).trim();
  }
  const body = headerEnd < 0 ? "" : text.slice(headerEnd);
  const title = extractTitle(body);
  return { status: Number(statusLine[1]), reason: (statusLine[2] ?? "").trim(), headers, ...(title !== undefined ? { title } : {}) };
}

/**
 * The text of an HTML document's first `<title>`, or undefined.
 *
 * @example
 * extractTitle("<html><title> A &amp; B </title>"); //=> "A & B"
 */
export function extractTitle(html: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  if (!match) return undefined;
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return match[1]!
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return entities[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
}

/**
 * Whether the bytes received so far hold a whole response: headers plus a
 * body as long as `Content-Length` says (or any body when it says nothing,
 * since the server will close the connection).
 */
export function isCompleteResponse(raw: Buffer): boolean {
  const text = raw.toString("latin1");
  const headerEnd = text.indexOf("\r\n\r\n");
  if (headerEnd < 0) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, headerEnd));
  if (!length) return /\r\n(?:transfer-encoding:[^\r]*chunked)/i.test(text.slice(0, headerEnd)) ? text.endsWith("0\r\n\r\n") : false;
  return raw.length - (headerEnd + 4) >= Number(length[1]);
}
