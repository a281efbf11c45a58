import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprint, fingerprintPorts } from "../../src/scanner/fingerprint";
import { extractTitle, parseHttpResponse } from "../../src/scanner/http-response";
import {
  LAB_BANNER,
  LAB_LOCATION,
  LAB_POWERED_BY,
  LAB_SERVER,
  LAB_TITLE,
  LAB_TLS_CN,
  startLabServices,
  type LabServices,
} from "../../src/scanner/lab-services";

let lab: LabServices;
beforeAll(async () => {
  lab = await startLabServices();
});
afterAll(async () => {
  await lab.close();
});

describe("fingerprint", () => {
  it("reads status, reason, Server, X-Powered-By and title from an HTTP server", async () => {
    const { service, timedOut } = await fingerprint(lab.address, lab.http);
    expect(timedOut).toBe(false);
    expect(service.banner).toBeUndefined();
    expect(service.tls).toBeUndefined();
    expect(service.http).toMatchObject({ status: 200, reason: "OK", server: LAB_SERVER, poweredBy: LAB_POWERED_BY, title: LAB_TITLE });
    expect(service.http!.responseMs).toBeGreaterThanOrEqual(0);
  });

  it("reports a redirect's Location without following it", async () => {
    const { service } = await fingerprint(lab.address, lab.redirect);
    expect(service.http).toMatchObject({ status: 301, reason: "Moved Permanently", location: LAB_LOCATION });
    expect(service.http!.title).toBeUndefined();
  });

  it("reads the self-signed certificate of an HTTPS server, and HTTP over it", async () => {
    const { service } = await fingerprint(lab.address, lab.https);
    const cert = new X509Certificate(lab.certificate);
    expect(service.tls).toEqual({
      protocol: "TLSv1.3",
      subject: `CN=${LAB_TLS_CN}`,
      issuer: `CN=${LAB_TLS_CN}`,
      validFrom: new Date(cert.validFrom).toISOString(),
      validTo: new Date(cert.validTo).toISOString(),
      altNames: ["DNS:localhost", "IP Address:127.0.0.1"],
      sha256: cert.fingerprint256,
    });
    expect(service.http).toMatchObject({ status: 200, title: LAB_TITLE, server: LAB_SERVER });
  });

  it("keeps the banner of a service that speaks first and does not send it HTTP", async () => {
    const { service } = await fingerprint(lab.address, lab.banner);
    expect(service).toEqual({ banner: LAB_BANNER });
  });

  it("cuts a silent service off at its deadline with nothing learned", async () => {
    const deadlineMs = 600;
    const { service, timedOut, elapsedMs } = await fingerprint(lab.address, lab.silent, { deadlineMs, bannerWaitMs: 100 });
    expect(service).toEqual({});
    expect(timedOut).toBe(true);
    expect(elapsedMs).toBeGreaterThanOrEqual(deadlineMs - 5);
  });

  it("fingerprints several ports at once, sorted by port", async () => {
    const ports = [lab.https, lab.http, lab.banner];
    const results = await fingerprintPorts(lab.address, ports, { concurrency: 2 });
    expect(results.map((r) => r.port)).toEqual([...ports].sort((a, b) => a - b));
    expect(results.every((r) => Object.keys(r.service).length > 0)).toBe(true);
  });

  it("rejects a hostname and a bad deadline", async () => {
    await expect(fingerprint("localhost", 80)).rejects.toThrow('Expected an IP address but found "localhost"');
    await expect(fingerprint("127.0.0.1", 80, { deadlineMs: 0 })).rejects.toThrow("Expected deadlineMs to be a positive integer but found 0");
  });
});

describe("parseHttpResponse", () => {
  it("reads the status line, headers (first wins, case-insensitive) and title", () => {
    const raw = "HTTP/1.1 404 Not Found\r\nServer: a\r\nSERVER: b\r\nX-Powered-By: PHP/8\r\n\r\n<TITLE>Gone &lt;404&gt;</TITLE>";
    expect(parseHttpResponse(raw)).toEqual({
      status: 404,
      reason: "Not Found",
      headers: { server: "a", "x-powered-by": "PHP/8" },
      title: "Gone <404>",
    });
  });

  it("returns undefined for bytes that are not an HTTP response", () => {
    expect(parseHttpResponse("SSH-2.0-OpenSSH_9.2\r\n")).toBeUndefined();
    expect(parseHttpResponse("")).toBeUndefined();
  });

  it("collapses whitespace and decodes numeric entities in titles", () => {
    expect(extractTitle("<title>\n  Caf&#233;\t&#x26; bar </title>")).toBe("Café & bar");
    expect(extractTitle("<p>no title</p>")).toBeUndefined();
  });
});
