/**
 * OSTEP-compatible simulators: byte-identical ports of the homework programs
 * `scheduler.py`, `mlfq.py` and `lottery.py`, quirks included. Kept apart from
 * the clean engine in `../` on purpose.
 */
export { runOstepScheduler } from "./scheduler";
export { runOstepMlfq } from "./mlfq";
export { runOstepLottery } from "./lottery";
export { runOstep, OSTEP_SIMULATORS, type OstepSimulator } from "./run";
export type { ProgramRun } from "./program";
export { PyRandom } from "./mt19937";
export { pyFixed, pyFloatStr, parsePyFloat, parsePyInt } from "./pyformat";
export { lotteryCompletions, mlfqTrace, schedulerTrace, type MlfqTick, type SchedulerSlice } from "./trace";
