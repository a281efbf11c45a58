import { createServer, connect } from "node:net";
import { describe, expect, it } from "vitest";
import { TCP_STATE, tcpTable } from "../../src/scanner/tcp-table";

describe("tcpTable", () => {
  it("lists a loopback listener and an established connection with decoded ports", async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const client = connect({ host: "127.0.0.1", port });
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    try {
      const table = tcpTable();
      expect(table).toContainEqual({ localAddress: "0100007F", localPort: port, remoteAddress: "00000000", remotePort: 0, state: TCP_STATE.listen });
      expect(table.some((e) => e.state === TCP_STATE.established && e.localPort === client.localPort && e.remotePort === port)).toBe(true);
    } finally {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
