import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Log } from '../log.js';
import { begin } from './inflight.js';
import type { Routes } from './routes.js';

/**
 * Proxies an upgraded connection (WebSocket) byte for byte. It counts as in
 * flight on its upstream until either side closes, so a retirement waits for
 * it until the drain deadline instead of cutting it at the switch.
 */
export function proxyUpgrade(req: IncomingMessage, client: Socket, head: Buffer, routes: Routes, log: Log): void {
  client.on('error', () => undefined);
  const picked = routes.pick(req.headers.host);
  if (!picked) {
    client.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const { state, app } = picked;
  const done = begin(state);
  const upstream = connect(state.upstream.port, state.upstream.host);
  state.upgraded.add(upstream);
  const close = () => {
    state.upgraded.delete(upstream);
    upstream.destroy();
    client.destroy();
    done();
  };
  upstream.on('connect', () => {
    upstream.write(requestHead(req));
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', (err) => {
    log({ event: 'proxy-upgrade-error', app, upstream: state.key, error: err.message });
    if (!client.destroyed && upstream.bytesRead === 0) client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    close();
  });
  upstream.on('close', close);
  client.on('close', close);
}

function requestHead(req: IncomingMessage): string {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  lines.push(`X-Forwarded-For: ${req.socket.remoteAddress ?? ''}`, 'X-Forwarded-Proto: http');
  return `${lines.join('\r\n')}\r\n\r\n`;
}
