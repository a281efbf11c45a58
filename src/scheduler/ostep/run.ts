import { runOstepLottery } from "./lottery";
import { runOstepMlfq } from "./mlfq";
import type { ProgramRun } from "./program";
import { runOstepScheduler } from "./scheduler";

/** The simulator names `npm run ostep -- SIM …` accepts. */
export const OSTEP_SIMULATORS = ["scheduler", "mlfq", "lottery"] as const;

/** One of {@link OSTEP_SIMULATORS}. */
export type OstepSimulator = (typeof OSTEP_SIMULATORS)[number];

/**
 * Runs one OSTEP simulator with the given flags and returns what the original
 * would print and its exit status.
 *
 * @example
 * runOstep("lottery", ["-l", "1:1", "-c"]).stdout.includes("DONE"); //=> true
 */
export function runOstep(simulator: string, argv: readonly string[]): ProgramRun {
  switch (simulator as OstepSimulator) {
    case "scheduler":
      return runOstepScheduler(argv);
    case "mlfq":
      return runOstepMlfq(argv);
    case "lottery":
      return runOstepLottery(argv);
    default:
      throw new RangeError(`unknown simulator "${simulator}"; expected one of ${OSTEP_SIMULATORS.join(", ")}`);
  }
}
