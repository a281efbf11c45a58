// `npm run sensors -- --udp HOST:PORT | --tcp HOST:PORT --count N --rate R --seed S`
import { intFlag, parseFlags, PLAIN_DECIMAL, runCli, RunFailure, UsageError } from "../shared/cli";
import { parseHostPort, sendReadings } from "./sources/network";

const USAGE = `usage: npm run sensors -- (--udp HOST:PORT | --tcp HOST:PORT) [--count N] [--rate R] [--seed S] [--sensors K]
Emits seeded sensor readings to a processor listening on loopback (npm run process -- --listen-udp PORT).
  --count N     readings to send (default 1000)
  --rate R      readings per second, all sensors together; fractions allowed (default 1000)
  --seed S      seed of the simulated sensors (default 1)
  --sensors K   number of simulated sensors (default 4)
HOST must be 127.0.0.1, localhost or ::1 (loopback only); the processor listens on 127.0.0.1.`;

const FLAGS = {
  help: { type: "boolean", short: "h" },
  udp: { type: "string" },
  tcp: { type: "string" },
  count: { type: "string" },
  rate: { type: "string" },
  seed: { type: "string" },
  sensors: { type: "string" },
} as const;

async function main(argv: string[]): Promise<number> {
  const { values: f } = parseFlags(argv, FLAGS);
  if (f.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ((f.udp === undefined) === (f.tcp === undefined)) throw new UsageError("expected exactly one of --udp HOST:PORT or --tcp HOST:PORT");
  const protocol = f.udp !== undefined ? "udp" : "tcp";
  let target: { host: string; port: number };
  try {
    target = parseHostPort((f.udp ?? f.tcp)!);
  } catch (err) {
    throw new UsageError(`--${protocol}: ${(err as Error).message}`);
  }
  const count = intFlag("count", f.count, 1000, 0, 10_000_000);
  const rate = f.rate === undefined ? 1000 : Number(f.rate);
  if (!(rate > 0 && rate <= 1_000_000) || (f.rate !== undefined && !PLAIN_DECIMAL.test(f.rate))) throw new UsageError(`--rate expects readings per second, more than 0 and at most 1000000, but got "${f.rate}"`);
  const seed = intFlag("seed", f.seed, 1, 0, 2 ** 32 - 1);
  const sensors = intFlag("sensors", f.sensors, 4, 1, 10_000);
  let sent: number;
  try {
    sent = await sendReadings({ protocol, ...target, count, rate, seed, sensors });
  } catch (err) {
    // Nothing listening there is a mistake in the command, not a bug.
    if ((err as NodeJS.ErrnoException).code === "ECONNREFUSED") {
      throw new UsageError(`cannot connect to ${protocol} ${target.host}:${target.port}: connection refused (start the processor first, e.g. npm run process -- --listen-tcp ${target.port})`);
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ECONNRESET" || code === "EPIPE") throw new RunFailure(`the listener at ${protocol} ${target.host}:${target.port} went away while sending: ${(err as Error).message}`);
    throw err;
  }
  process.stderr.write(`sent ${sent} readings over ${protocol} to ${target.host}:${target.port} (seed ${seed}, ${rate}/s)\n`);
  return 0;
}

runCli(main);
