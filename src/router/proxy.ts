import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { Log } from '../log.js';
import { requestHeaders, responseHeaders } from './headers.js';
import { begin } from './inflight.js';
import { BAD_GATEWAY_PAGE, answer } from './pages.js';
import type { Routes, UpstreamState } from './routes.js';

const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']);
const RETRYABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);
const MAX_ATTEMPTS = 3;

export interface ProxyContext {
  readonly routes: Routes;
  readonly log: Log;
  readonly notFoundPage: string;
}

type Failure = NodeJS.ErrnoException;

/**
 * Proxies one request, choosing the upstream per request (not per client
 * connection) so keep-alive clients follow a swap. A bodyless idempotent
 * request whose upstream refused or dropped the connection before answering
 * is retried on the app's current route: a retired container's stale pooled
 * socket must not cost a request.
 */
export function proxyRequest(req: IncomingMessage, res: ServerResponse, ctx: ProxyContext): void {
  req.on('error', ignore);
  res.on('error', ignore);
  let clientClosed = false;
  res.once('close', () => (clientClosed = true));
  const retryable = RETRYABLE_METHODS.has(req.method ?? '') && !hasBody(req);
  let attempts = 0;
  next();

  function next(): void {
    attempts++;
    const picked = ctx.routes.pick(req.headers.host);
    if (!picked) return refuse(req, res, 404, ctx.notFoundPage);
    send(req, res, picked.state, (err) => {
      if (clientClosed) return;
      if (retryable && attempts < MAX_ATTEMPTS && isConnectFailure(err)) return next();
      ctx.log({ event: 'proxy-error', app: picked.app, upstream: picked.state.key, error: err.code ?? err.message });
      refuse(req, res, 502, BAD_GATEWAY_PAGE);
    });
  }
}

/**
 * Sends one attempt to `state`, counted in flight until the client's response
 * finishes or either side fails. `failed` hears only failures that came
 * before any response, when the client can still be answered.
 */
function send(req: IncomingMessage, res: ServerResponse, state: UpstreamState, failed: (err: Failure) => void): void {
  const done = begin(state);
  const { host, port } = state.upstream;
  const headers = requestHeaders(req);
  const upstreamReq = request({ host, port, method: req.method, path: req.url, headers, agent: state.agent });
  const onClientClose = (): void => {
    if (!res.writableFinished) upstreamReq.destroy();
    done();
  };
  res.once('close', onClientClose);
  let responded = false;
  upstreamReq.on('response', (upstreamRes) => {
    responded = true;
    relay(upstreamRes, res, done);
  });
  upstreamReq.on('error', (err: Failure) => {
    res.off('close', onClientClose);
    done();
    if (responded) res.destroy();
    else failed(err);
  });
  if (hasBody(req)) req.pipe(upstreamReq);
  else upstreamReq.end();
}

function relay(upstreamRes: IncomingMessage, res: ServerResponse, done: () => void): void {
  try {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, responseHeaders(upstreamRes.headers));
  } catch {
    // Headers our server refuses to send: nothing sane to relay.
    upstreamRes.destroy();
    res.destroy();
    return done();
  }
  // pipeline destroys both sides if either fails, so a dead upstream
  // truncates the client's response instead of leaving it hanging.
  pipeline(upstreamRes, res, () => done());
}

// A body left unread would wedge the keep-alive connection: discard it, and
// close the connection rather than wait for the rest of a large upload.
function refuse(req: IncomingMessage, res: ServerResponse, status: number, page: string): void {
  const close = hasBody(req) && !req.complete;
  req.resume();
  answer(res, status, page, close);
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isConnectFailure(err: Failure): boolean {
  return RETRYABLE_CODES.has(err.code ?? '') || err.message === 'socket hang up';
}

function ignore(): void {}
