import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureConnectionCost } from "../../src/scanner/connection-cost";
import { startLabServices, type LabServices } from "../../src/scanner/lab-services";

let lab: LabServices;
beforeAll(async () => {
  lab = await startLabServices();
});
afterAll(async () => {
  await lab.close();
});

describe("measureConnectionCost", () => {
  it("each open connection holds a descriptor and its own ephemeral port", async () => {
    const cost = await measureConnectionCost(lab.address, lab.silent, { count: 20, close: "reset" });
    expect(cost.fdsOpen - cost.fdsBefore).toBeGreaterThanOrEqual(20);
    expect(new Set(cost.localPorts).size).toBe(20);
  });

  it("closing first with FIN leaves TIME_WAIT behind; a reset does not", async () => {
    const fin = await measureConnectionCost(lab.address, lab.silent, { count: 20, close: "fin" });
    const reset = await measureConnectionCost(lab.address, lab.silent, { count: 20, close: "reset" });
    expect(fin.timeWaitAfter).toBe(20);
    expect(reset.timeWaitAfter).toBe(0);
  });
});
