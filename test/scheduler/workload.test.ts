import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cpuDemand, generateWorkload, jobsFromJson, parseJobSpec, validateJobs } from "../../src/scheduler";

describe("parseJobSpec", () => {
  it("reads name:arrival:burst with an optional priority", () => {
    expect(parseJobSpec("P1:0:24,P2:1.5:3:2")).toEqual([
      { name: "P1", arrival: 0, bursts: [24] },
      { name: "P2", arrival: 1.5, bursts: [3], priority: 2 },
    ]);
  });

  it.each([
    ["P1:0", 'malformed job spec "P1:0": expected name:arrival:burst[:priority]'],
    ["P1:0:1:2:3", 'malformed job spec "P1:0:1:2:3": expected name:arrival:burst[:priority]'],
    [":0:1", 'malformed job spec ":0:1": expected name:arrival:burst[:priority]'],
    ["", 'malformed job spec "": expected name:arrival:burst[:priority], comma-separated'],
    ["P1:-1:3", 'job "P1": arrival must be a number >= 0 but found "-1"'],
    ["P1:x:3", 'job "P1": arrival must be a number >= 0 but found "x"'],
    ["P1:0:0", 'job "P1": burst must be a number > 0 but found "0"'],
    ["P1:0:ten", 'job "P1": burst must be a number > 0 but found "ten"'],
    ["P1:0:3:high", 'job "P1": priority must be a number but found "high"'],
    ["P1:0:3,P1:1:2", 'duplicate job name "P1"'],
  ])("rejects %j with a message naming the bad value", (spec, message) => {
    expect(() => parseJobSpec(spec)).toThrow(message);
  });
});

describe("validateJobs", () => {
  it("rejects bursts that do not alternate CPU and I/O", () => {
    expect(() => validateJobs([{ name: "A", arrival: 0, bursts: [1, 2] }])).toThrow(
      'job "A": bursts must alternate CPU and I/O, starting and ending with CPU (odd length) but found [1,2]',
    );
  });

  it("rejects fractional tickets and out-of-range nice values", () => {
    expect(() => validateJobs([{ name: "A", arrival: 0, bursts: [1], tickets: 0.5 }])).toThrow('job "A": tickets must be an integer > 0 but found 0.5');
    expect(() => validateJobs([{ name: "A", arrival: 0, bursts: [1], nice: 20 }])).toThrow('job "A": nice must be an integer from -20 to 19 but found 20');
  });
});

describe("jobsFromJson", () => {
  it("accepts an array or {jobs}, with burst or bursts", () => {
    expect(jobsFromJson({ jobs: [{ name: "A", arrival: 0, bursts: [1, 2, 3], tickets: 5 }] })).toEqual([{ name: "A", arrival: 0, bursts: [1, 2, 3], tickets: 5 }]);
    expect(jobsFromJson([{ name: "B", arrival: 2, burst: 4 }])).toEqual([{ name: "B", arrival: 2, bursts: [4] }]);
  });

  it("names what is missing", () => {
    expect(() => jobsFromJson([{ name: "A", arrival: 0 }])).toThrow('Expected job 0 ("A") to have "burst" or "bursts"');
    expect(() => jobsFromJson(42)).toThrow('Expected a workload to be an array of jobs or {"jobs": [...]} but found number');
  });
});

describe("generateWorkload", () => {
  it("repeats for the same seed and differs for another", () => {
    expect(generateWorkload({ count: 50, seed: 3 })).toEqual(generateWorkload({ count: 50, seed: 3 }));
    expect(generateWorkload({ count: 50, seed: 3 })).not.toEqual(generateWorkload({ count: 50, seed: 4 }));
  });

  it("always produces valid workloads with non-decreasing arrivals", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom("uniform", "exponential", "heavy-tailed", "bimodal" as const),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (count, seed, distribution, interactiveFraction) => {
          const jobs = generateWorkload({ count, seed, distribution, interactiveFraction });
          validateJobs(jobs);
          expect(jobs).toHaveLength(count);
          for (let i = 1; i < jobs.length; i++) expect(jobs[i]!.arrival).toBeGreaterThanOrEqual(jobs[i - 1]!.arrival);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("matches the requested mean burst roughly for batch jobs", () => {
    const jobs = generateWorkload({ count: 20_000, seed: 1, meanBurst: 20 });
    const mean = jobs.reduce((s, j) => s + cpuDemand(j), 0) / jobs.length;
    expect(mean).toBeGreaterThan(18);
    expect(mean).toBeLessThan(22);
  });

  it("rejects a negative count", () => {
    expect(() => generateWorkload({ count: -1, seed: 0 })).toThrow("Expected count to be an integer >= 0 but found -1");
  });
});
