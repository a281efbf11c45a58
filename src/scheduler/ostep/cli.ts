// `npm run --silent ostep -- SIM ARGS…`: the OSTEP homework simulators' output, byte for byte.
import { OSTEP_SIMULATORS, runOstep } from "./run";

const [simulator, ...rest] = process.argv.slice(2);
if (!simulator || !(OSTEP_SIMULATORS as readonly string[]).includes(simulator)) {
  process.stderr.write(`error: ${simulator ? `unknown simulator "${simulator}"` : "name a simulator"}; expected one of ${OSTEP_SIMULATORS.join(", ")}\n`);
  process.exitCode = 2;
} else {
  const run = runOstep(simulator, rest);
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  process.exitCode = run.status;
}
