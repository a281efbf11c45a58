export { busyWait } from "./busy-wait";
export { measureTimerLateness, type LoadPlacement, type TimerLateness, type TimerLatenessOptions } from "./event-loop";
export { readFdLimits, countOpenFds, connectionsUnderLimit, type FdLimits, type ConnectionCeiling } from "./fd-limits";
export { measureSmallWrites, type SmallWrites, type SmallWritesOptions } from "./nagle";
export { measureFileReads, dropFileCache, type FileReads, type FileReadsOptions } from "./page-cache";
export { measureAppends, type Appends, type AppendsOptions } from "./fsync";
export { measureStartup, type StartKind, type Startup } from "./startup";
