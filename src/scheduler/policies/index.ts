import type { Policy } from "../policy";
import { cfs } from "./cfs";
import { fifo } from "./fifo";
import { lottery } from "./lottery";
import { mlfq } from "./mlfq";
import { priority } from "./priority";
import { roundRobin } from "./round-robin";
import { sjf } from "./shortest-job-first";
import { stcf } from "./shortest-time-to-completion";
import { stride } from "./stride";

export { cfs, niceToWeight, NICE_TO_WEIGHT, type CfsOptions } from "./cfs";
export { fifo } from "./fifo";
export { lottery, type LotteryOptions } from "./lottery";
export { mlfq, type MlfqOptions } from "./mlfq";
export { priority, type PriorityOptions } from "./priority";
export { roundRobin, type RoundRobinOptions } from "./round-robin";
export { sjf } from "./shortest-job-first";
export { stcf } from "./shortest-time-to-completion";
export { stride, STRIDE_CONSTANT, type StrideOptions } from "./stride";

/** The policy names the CLI accepts, in the order the chapter introduces them. */
export const POLICY_NAMES = ["fifo", "sjf", "stcf", "rr", "priority", "priority-preemptive", "mlfq", "lottery", "stride", "cfs"] as const;

/** One of {@link POLICY_NAMES}. */
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Options shared by name-based policy construction. */
export interface NamedPolicyOptions {
  /** Time slice for rr, mlfq, lottery and stride. Default 4. */
  readonly quantum?: number;
}

/**
 * Builds a policy from its CLI name.
 *
 * @example
 * policyByName("rr", { quantum: 2 }).name; //=> "rr"
 */
export function policyByName(name: string, options: NamedPolicyOptions = {}): Policy {
  const { quantum } = options;
  switch (name as PolicyName) {
    case "fifo":
      return fifo();
    case "sjf":
      return sjf();
    case "stcf":
      return stcf();
    case "rr":
      return roundRobin({ quantum });
    case "priority":
      return priority();
    case "priority-preemptive":
      return priority({ preemptive: true });
    case "mlfq":
      return mlfq({ quantum });
    case "lottery":
      return lottery({ quantum });
    case "stride":
      return stride({ quantum });
    case "cfs":
      return cfs();
    default:
      throw new RangeError(`unknown policy "${name}"; expected one of ${POLICY_NAMES.join(", ")}`);
  }
}
