import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { upgradeHead } from './headers.js';
import { begin } from './inflight.js';
import { BAD_GATEWAY_PAGE, answerRaw } from './pages.js';
import type { ProxyContext } from './proxy.js';

/**
 * Proxies an upgraded connection (WebSocket) byte for byte. It counts as in
 * flight on its upstream until either side closes, so a retirement waits for
 * it until the drain deadline instead of cutting it at the switch.
 */
export function proxyUpgrade(req: IncomingMessage, client: Socket, head: Buffer, ctx: ProxyContext): void {
  client.on('error', ignore);
  const picked = ctx.routes.pick(req.headers.host);
  if (!picked) return answerRaw(client, 404, 'Not Found', ctx.notFoundPage);
  const { state, app } = picked;
  const done = begin(state);
  const upstream = connect(state.upstream.port, state.upstream.host);
  state.upgraded.add(upstream);
  let refused = false;
  const teardown = (): void => {
    state.upgraded.delete(upstream);
    upstream.destroy();
    // A refused client is closed by answerRaw once its 502 is flushed.
    if (!refused) client.destroy();
    done();
  };
  upstream.once('connect', () => {
    upstream.write(upgradeHead(req));
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', (err: NodeJS.ErrnoException) => {
    ctx.log({ event: 'proxy-error', app, upstream: state.key, upgrade: true, error: err.code ?? err.message });
    if (upstream.bytesRead === 0 && !client.destroyed) {
      refused = true;
      answerRaw(client, 502, 'Bad Gateway', BAD_GATEWAY_PAGE);
    }
    teardown();
  });
  upstream.once('close', teardown);
  client.once('close', teardown);
}

function ignore(): void {}
