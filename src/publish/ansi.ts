/**
 * Matches ANSI escape sequences: CSI sequences (colours, cursor moves) and
 * OSC sequences (window titles, hyperlinks) terminated by BEL or ST.
 */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/**
 * Removes ANSI escape codes, as kernels colour their tracebacks and stderr.
 *
 * @example
 * stripAnsi("\u001b[31mError\u001b[0m: boom"); //=> "Error: boom"
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}
