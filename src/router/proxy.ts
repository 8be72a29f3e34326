import { request, type IncomingMessage, type ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import type { Log } from '../log.js';
import { begin } from './inflight.js';
import type { Routes, UpstreamState } from './routes.js';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const RETRYABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const MAX_ATTEMPTS = 3;

export const NOT_FOUND_PAGE = '<!doctype html><title>404 Not Found</title><h1>404 Not Found</h1><p>No app is served at this address.</p>\n';
const BAD_GATEWAY_PAGE = '<!doctype html><title>502 Bad Gateway</title><h1>502 Bad Gateway</h1><p>The app did not answer.</p>\n';

/**
 * Proxies one request, choosing the upstream per request (not per client
 * connection) so keep-alive clients follow a swap. A request without a body
 * whose upstream refused or dropped the connection before answering is
 * retried on the app's current route: a retired container's stale pooled
 * socket must not cost a request.
 */
export function proxyRequest(req: IncomingMessage, res: ServerResponse, routes: Routes, log: Log): void {
  req.on('error', () => undefined);
  res.on('error', () => undefined);
  const bodyless = !req.headers['content-length'] && !req.headers['transfer-encoding'];
  attempt(1);

  function attempt(n: number): void {
    const picked = routes.pick(req.headers.host);
    if (!picked) return answer(res, 404, NOT_FOUND_PAGE);
    const { state, app } = picked;
    const done = begin(state);
    let answered = false;
    const upstreamReq = request(
      { host: state.upstream.host, port: state.upstream.port, method: req.method, path: req.url, headers: forwardHeaders(req), agent: state.agent },
      (upstreamRes) => {
        answered = true;
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, stripHopByHop(upstreamRes.headers));
        upstreamRes.pipe(res);
        upstreamRes.on('error', () => res.destroy());
        upstreamRes.on('end', done);
        upstreamRes.on('close', done);
      },
    );
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
      done();
    });
    upstreamReq.on('error', (err: NodeJS.ErrnoException) => {
      done();
      if (answered || res.headersSent || res.destroyed) return res.destroy();
      const retry = bodyless && n < MAX_ATTEMPTS && (RETRYABLE.has(err.code ?? '') || err.message === 'socket hang up');
      if (retry) return attempt(n + 1);
      log({ event: 'proxy-error', app, upstream: state.key, error: err.code ?? err.message });
      answer(res, 502, BAD_GATEWAY_PAGE);
    });
    if (bodyless) upstreamReq.end();
    else req.pipe(upstreamReq);
  }
}

function forwardHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const headers = stripHopByHop(req.headers);
  const remote = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${String(prior)}, ${remote}` : remote;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-request-start'] = `t=${Date.now()}`;
  return headers;
}

function stripHopByHop(headers: IncomingMessage['headers']): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const named = String(headers.connection ?? '').toLowerCase().split(',').map((s) => s.trim());
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k) && !named.includes(k)) out[k] = v;
  return out;
}

export function answer(res: ServerResponse, status: number, page: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
  res.end(page);
}

export type { UpstreamState };
