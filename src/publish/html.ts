/** Escaping helpers: the only place that turns text into HTML. */

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for use in HTML element content or a quoted attribute.
 *
 * @example
 * escapeHtml('<a href="x">'); //=> "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Serializes a value as JSON that is safe inside a `<script>` element:
 * `<`, `>`, `&` and the line separators U+2028/U+2029 become `\u` escapes.
 *
 * @example
 * jsonForScript({ s: "</script>" }); //=> '{"s":"\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
