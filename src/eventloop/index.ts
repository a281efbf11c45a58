export { measureTimerLateness, type LatenessOptions, type LatenessSample } from "./timer-lateness";
