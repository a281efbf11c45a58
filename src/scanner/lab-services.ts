/**
 * Small services on loopback for tests and the chapter notebook to scan:
 * one of each kind a scanner must tell apart. Everything binds to a
 * random port of 127.0.0.1 and is closed by `close()`.
 */
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { generate } from "selfsigned";

/** The page title the HTTP and HTTPS services serve. */
export const LAB_TITLE = "Core Systems Lab";
/** `Server` header of the HTTP service. */
export const LAB_SERVER = "lab-http/1.0";
/** `X-Powered-By` header of the HTTP service. */
export const LAB_POWERED_BY = "node";
/** Where the redirect service points (a name, never contacted). */
export const LAB_LOCATION = "https://lab.invalid/moved";
/** What the banner service says first. */
export const LAB_BANNER = "SSH-2.0-LabSSH_1.0";
/** Common name and alternative names of the HTTPS certificate. */
export const LAB_TLS_CN = "localhost";

/** Running lab services: their ports, the certificate served, and one `close()`. */
export interface LabServices {
  readonly address: "127.0.0.1";
  /** HTTP 200 with a title, `Server` and `X-Powered-By`. */
  readonly http: number;
  /** HTTP 301 with a `Location`. */
  readonly redirect: number;
  /** HTTPS with a self-signed certificate generated at start. */
  readonly https: number;
  /** Speaks first with an SSH-style banner, then waits. */
  readonly banner: number;
  /** Accepts connections and never sends a byte. */
  readonly silent: number;
  /** UDP echo. */
  readonly udpEcho: number;
  /** A TCP and UDP port that was bound and released: nothing listens there. */
  readonly closed: number;
  /** PEM of the HTTPS certificate. */
  readonly certificate: string;
  /** Stops every service and drops their connections. */
  close(): Promise<void>;
}

function _page(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", Server: LAB_SERVER, "X-Powered-By": LAB_POWERED_BY });
  res.end(`<!doctype html><html><head><title>${LAB_TITLE}</title></head><body><p>hello from loopback</p></body></html>`);
}

async function _listen(server: TcpServer | HttpServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return (server.address() as { port: number }).port;
}

/**
 * Starts one service of each kind on loopback.
 *
 * @example
 * const lab = await startLabServices();
 * (await fingerprint(lab.address, lab.http)).service.http?.title; //=> "Core Systems Lab"
 * await lab.close();
 */
export async function startLabServices(): Promise<LabServices> {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    // Scanners close with a reset: expected here, not an error.
    s.on("error", () => {});
    s.on("close", () => sockets.delete(s));
  };
  const pems = await generate([{ name: "commonName", value: LAB_TLS_CN }], {
    keyType: "ec",
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600 * 1000),
    extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] }],
  });
  const servers: (TcpServer | HttpServer)[] = [
    createHttpServer(_page),
    createHttpServer((_req, res) => {
      res.writeHead(301, { Location: LAB_LOCATION, Server: LAB_SERVER });
      res.end();
    }),
    createHttpsServer({ key: pems.private, cert: pems.cert }, _page),
    createTcpServer((s) => s.write(`${LAB_BANNER}\r\n`)),
    createTcpServer(() => {}),
  ];
  for (const s of servers) {
    s.on("connection", track);
    s.on("secureConnection", track);
    s.on("tlsClientError", () => {});
    s.on("clientError", (_err: Error, socket: Socket) => socket.destroy());
  }
  const [http, redirect, https, banner, silent] = await Promise.all(servers.map(_listen)) as [number, number, number, number, number];
  const udp: UdpSocket = createSocket("udp4");
  udp.on("message", (msg, from) => udp.send(msg, from.port, from.address));
  await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", () => resolve()));
  const spare = createTcpServer();
  const closed = await _listen(spare);
  await new Promise<void>((resolve) => spare.close(() => resolve()));
  return {
    address: "127.0.0.1",
    http,
    redirect,
    https,
    banner,
    silent,
    udpEcho: udp.address().port,
    closed,
    certificate: pems.cert,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}
