/**
 * A TCP proxy in front of the run's PostgreSQL cluster that reads the wire protocol as it passes, to
 * see what a client really sends: how many round trips a write costs (the server's ReadyForQuery
 * messages), and whether a connection asked for TLS first (an SSLRequest). Bytes are forwarded
 * unchanged; nothing is mocked.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { POSTGRES } from './postgres.js';

const SSL_REQUEST = 80877103;

export interface WireProxy {
  /** The cluster's URL through the proxy (no password, no query string). */
  url: string;
  /** ReadyForQuery messages the server has sent so far (one per completed query round trip). */
  readyForQuery(): number;
  /** SSLRequests clients have sent, and the server's one-byte answers ("N" refuses, "S" accepts). */
  sslRequests(): string[];
  /** Connections opened through the proxy, and of those, how many started the protocol in plain text. */
  connections(): { opened: number; plainStartups: number };
  close(): Promise<void>;
}

export async function startWireProxy(): Promise<WireProxy> {
  let ready = 0;
  let opened = 0;
  let plainStartups = 0;
  const ssl: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    opened += 1;
    const upstream = connect(POSTGRES.port, POSTGRES.host);
    sockets.add(client).add(upstream);
    let clientBuf = Buffer.alloc(0);
    let serverBuf = Buffer.alloc(0);
    // Client side: untyped messages (SSLRequest, StartupMessage) until the startup; then opaque.
    let clientPhase: 'first' | 'startup' | 'done' = 'first';
    // Server side: one answer byte after an SSLRequest, then typed messages (or TLS: opaque).
    let serverPhase: 'messages' | 'ssl-answer' | 'opaque' = 'messages';
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (clientPhase === 'done') return;
      clientBuf = Buffer.concat([clientBuf, chunk]);
      while (clientPhase !== 'done' && clientBuf.length >= 8) {
        const length = clientBuf.readInt32BE(0);
        if (clientBuf.length < length) break;
        const code = clientBuf.readInt32BE(4);
        clientBuf = clientBuf.subarray(length);
        if (code === SSL_REQUEST) {
          serverPhase = 'ssl-answer';
          clientPhase = 'startup';
        } else {
          if (serverPhase !== 'opaque') plainStartups += 1;
          clientPhase = 'done';
        }
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      if (serverPhase === 'opaque') return;
      serverBuf = Buffer.concat([serverBuf, chunk]);
      for (;;) {
        if (serverPhase === 'ssl-answer') {
          if (serverBuf.length < 1) break;
          const answer = String.fromCharCode(serverBuf[0] as number);
          ssl.push(answer);
          serverBuf = serverBuf.subarray(1);
          serverPhase = answer === 'S' ? 'opaque' : 'messages';
          if (serverPhase === 'opaque') {
            clientPhase = 'done';
            break;
          }
          continue;
        }
        if (serverBuf.length < 5) break;
        const length = serverBuf.readInt32BE(1);
        if (serverBuf.length < 1 + length) break;
        if (serverBuf[0] === 0x5a) ready += 1; // 'Z'
        serverBuf = serverBuf.subarray(1 + length);
      }
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    url: `postgres://${new URL(POSTGRES.url).username}@127.0.0.1:${address.port}/postgres`,
    readyForQuery: () => ready,
    sslRequests: () => [...ssl],
    connections: () => ({ opened, plainStartups }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
