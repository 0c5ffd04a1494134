// Browser mode: the app's IPC contract over a loopback WebSocket, plus the built renderer as static
// files. Bound to 127.0.0.1 only; the WebSocket needs the per-launch token, our own Host and our own
// Origin (see security.ts for why each one).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WireEvent } from '../../shared/ipc-events.ts';
import { createDispatch } from '../ipc/dispatch.ts';
import { toIpcEvent } from '../ipc/events.ts';
import type { HandlerApp } from '../ipc/handlers/types.ts';
import { handleConnection, send } from './connection.ts';
import { hostAllowed, newToken, originAllowed, securityHeaders, tokenMatches } from './security.ts';
import { serveStatic } from './static.ts';

export const IPC_PATH = '/ipc';
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface ServerOptions {
  app: HandlerApp;
  /** 0 (default): a free port chosen by the OS. */
  port?: number;
  /** The built renderer; without it every HTTP request except the WebSocket is 404. */
  staticDir?: string;
  maxMessageBytes?: number;
  maxInFlight?: number;
}

export interface RunningServer {
  /** What to open: http://127.0.0.1:PORT/?token=… */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { app, staticDir } = options;
  const maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const token = newToken();
  const dispatch = createDispatch(app);
  const clients = new Set<WebSocket>();
  const sockets = new Set<Socket>();
  let port = 0;

  // The ws limit sits above ours, so an oversized call normally gets a `too-large` answer; only a
  // frame beyond 4x closes the socket (1009) without being buffered in full.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes * 4, perMessageDeflate: false });

  const server = http.createServer((req, res) => {
    const headers = securityHeaders(port);
    if (!hostAllowed(req, port)) {
      res.writeHead(421, { ...headers, 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    const pathname = (req.url ?? '/').split('?', 1)[0];
    if (!staticDir || pathname === IPC_PATH) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('404');
      return;
    }
    try {
      serveStatic(staticDir, req, res, headers);
    } catch (err) {
      // A file vanishing mid-request, or the root removed: an error page, never a crashed process.
      app.log.warn({ err, url: req.url }, 'static file failed');
      if (!res.headersSent) res.writeHead(500, headers);
      res.end();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== IPC_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!hostAllowed(req, port)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!originAllowed(req, port)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!tokenMatches(url.searchParams.get('token'), token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      handleConnection(ws, { dispatch, log: app.log, maxMessageBytes, maxInFlight: options.maxInFlight ?? 32 });
    });
  });

  const unsubscribe = app.bus.on((change) => {
    // A listener that throws would break the writer that emitted: never let it.
    try {
      const frame = WireEvent.parse({ event: toIpcEvent(change) });
      for (const ws of clients) send(ws, frame);
    } catch (err) {
      app.log.error({ err, kind: change.kind }, 'could not forward a change event');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
