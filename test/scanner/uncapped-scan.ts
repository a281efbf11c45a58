// Child-process helper for fd-limit.test.ts: a connect scan with the
// open-file cap turned off, so EMFILE must be absorbed by backing off.
// Usage: node --import tsx test/scanner/uncapped-scan.ts ADDRESS SPEC CONCURRENCY
import { connectScan } from "../../src/scanner/connect-scan";
import { openFileLimit } from "../../src/scanner/fd-limit";
import { parsePortSpec } from "../../src/scanner/ports";

const [address = "127.0.0.1", spec = "1", concurrency = "1000"] = process.argv.slice(2);
connectScan(address, parsePortSpec(spec), { concurrency: Number(concurrency), fdCap: false }).then(({ results, stats }) => {
  const open = results.filter((r) => r.state === "open").map((r) => r.port);
  const states = [...new Set(results.map((r) => r.state))];
  process.stdout.write(`${JSON.stringify({ limit: openFileLimit(), open, states, count: results.length, stats })}\n`);
});
