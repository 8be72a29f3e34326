import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

// The pages name no internals: no app list, no ports, no version.
export const NOT_FOUND_PAGE = '<h1>404 Not Found</h1><p>No app is served at this address.</p>\n';
export const BAD_GATEWAY_PAGE = '<h1>502 Bad Gateway</h1><p>The app did not answer.</p>\n';

/** Answers with one of the router's own pages, unless a response already began. */
export function answer(res: ServerResponse, status: number, page: string, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(page),
    'cache-control': 'no-store',
  };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(page);
}

/** The same, written raw on a socket taken over by an upgrade, then closed. */
export function answerRaw(socket: Socket, status: number, reason: string, page: string): void {
  if (!socket.writable) return void socket.destroy();
  const head = [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: text/html; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(page)}`,
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${page}`, () => socket.destroy());
}
