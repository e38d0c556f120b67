/**
 * Both emulators' HTTP servers. Idle keep-alive connections are kept for 65 s, as the real APIs'
 * front ends keep them far longer than Node's 5-second default: a client (Node's own agent drops
 * an idle socket after 5 s) then always closes first, and never sends a request on a socket the
 * server is closing at that instant, which a busy event loop makes likely and answers ECONNRESET.
 */
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';

export interface ListeningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

const KEEP_ALIVE_MS = 65_000;

export function listenApp(app: Express, port: number, host: string): Promise<ListeningEmulator> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    // Node closes a connection whose next request's headers take longer than this; keep it above the keep-alive.
    server.headersTimeout = KEEP_ALIVE_MS + 1_000;
    server.once('error', reject);
    server.once('listening', () => {
      const addr = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${addr.port}`,
        port: addr.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
