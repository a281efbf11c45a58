// `npm run sensors -- --udp HOST:PORT | --tcp HOST:PORT --count N --rate R --seed S`
import { intFlag, parseFlags, runCli, UsageError } from "../shared/cli";
import { parseHostPort, sendReadings } from "./sources/network";

const USAGE = `usage: npm run sensors -- (--udp HOST:PORT | --tcp HOST:PORT) [--count N] [--rate R] [--seed S] [--sensors K]
Emits seeded sensor readings to a processor listening on loopback (npm run process -- --listen-udp PORT).
  --count N     readings to send (default 1000)
  --rate R      readings per second (default 1000)
  --seed S      seed of the simulated sensors (default 1)
  --sensors K   number of simulated sensors (default 4)
HOST must be a loopback address (127.0.0.0/8 or ::1).`;

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
  const rate = intFlag("rate", f.rate, 1000, 1, 1_000_000);
  const seed = intFlag("seed", f.seed, 1, 0, 2 ** 32 - 1);
  const sensors = intFlag("sensors", f.sensors, 4, 1, 10_000);
  const sent = await sendReadings({ protocol, ...target, count, rate, seed, sensors });
  process.stderr.write(`sent ${sent} readings over ${protocol} to ${target.host}:${target.port} (seed ${seed}, ${rate}/s)\n`);
  return 0;
}

runCli(main);
