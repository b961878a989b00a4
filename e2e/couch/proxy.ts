/**
 * A team server a test can stop and start again: a TCP proxy on 127.0.0.2 (same port as the
 * test server, a different origin the e2e build's policy admits) in front of the shared
 * pouchdb-server. Stopping closes the listener and every open connection, which is what a
 * browser sees when a server goes down (connections reset, then refused); the data stays in the
 * server behind it, so starting again is the server coming back.
 */
import net from 'node:net';
import { COUCH_PORT } from './server.ts';

export const PROXY_URL = `http://127.0.0.2:${COUCH_PORT}`;

export interface StoppableServer {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function stoppableServer(): Promise<StoppableServer> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(COUCH_PORT, '127.0.0.1');
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      s.once('error', reject);
      s.listen(COUCH_PORT, '127.0.0.2', () => {
        server = s;
        resolve();
      });
    });
  const stop = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise((r) => s.close(() => r(null)));
  };
  await start();
  return { url: PROXY_URL, start, stop };
}
