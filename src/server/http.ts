import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AccessDenied, ANONYMOUS, type Principal } from '../access/principal.js';
import { hashToken } from '../access/credentials.js';
import { HttpError, NotFoundError, UserError } from '../core/errors.js';
import type { Services } from '../core/services.js';
import { prepareGit } from './git-access.js';
import { advertise, parseGitRoute, rpc } from './git-http.js';
import { challengeToken } from '../tls/challenges.js';

/**
 * Git over HTTP. Every request is authenticated and authorised here, before
 * git sees it (not only `info/refs`, which is all node-git-server checks).
 */
export function createGitHttpServer(s: Services): Server {
  const server = createServer((req, res) => {
    req.on('error', (err) => s.log({ event: 'http-request-error', error: err.message }));
    res.on('error', (err) => s.log({ event: 'http-response-error', error: err.message }));
    handle(req, res, s).catch((err: unknown) => answerError(res, err, s));
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  server.requestTimeout = 0;
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, s: Services): Promise<void> {
  if (answerChallenge(req, res, s)) return;
  const route = parseGitRoute(req.method ?? 'GET', req.url ?? '/');
  const principal = authenticate(req, s);
  const { repo, env, app } = await prepareGit(s, route.rawApp, route.service, principal).catch(toHttpError);
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string' && route.service === 'upload-pack') env.GIT_PROTOCOL = protocol;
  s.log({ event: 'git-http', app, service: route.service, advertise: route.advertise, principal: principal.name });
  if (route.advertise) return advertise(res, repo, route.service, env);
  if (route.service === 'upload-pack') return rpc(req, res, repo, route.service, env);
  const push = s.pushes.begin(principal);
  res.on('close', () => {
    if (!res.writableFinished) push.abort('the pusher disconnected');
  });
  try {
    await rpc(req, res, repo, route.service, { ...env, BERTH_PUSH_ID: push.id });
  } finally {
    push.end();
  }
}

/**
 * ACME HTTP-01, before token auth (ACME servers carry no token): only the
 * tokens of an order in progress are answered, anything else under the
 * challenge path is a 404.
 */
function answerChallenge(req: IncomingMessage, res: ServerResponse, s: Services): boolean {
  const token = challengeToken(req.url ?? '/');
  if (token === undefined) return false;
  const answer = req.method === 'GET' || req.method === 'HEAD' ? s.challenges.answer(token) : undefined;
  s.log({ event: 'acme-challenge', token, answered: answer !== undefined, remote: req.socket.remoteAddress });
  if (answer === undefined) throw new HttpError(404, 'no such challenge');
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(answer) });
  res.end(req.method === 'HEAD' ? undefined : answer);
  return true;
}

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="berth", charset="UTF-8"' };

/** HTTP Basic with any user name and a berth token as the password, on every request. */
function authenticate(req: IncomingMessage, s: Services): Principal {
  const header = req.headers.authorization ?? '';
  if (header.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const token = s.store.credentials.tokenByHash(hashToken(decoded.slice(decoded.indexOf(':') + 1)));
    if (token) return { name: token.name, kind: 'token', apps: token.apps };
    s.log({ event: 'auth-failed', transport: 'http', remote: req.socket.remoteAddress });
    throw new HttpError(401, 'invalid token', CHALLENGE);
  }
  if (s.settings.insecureHttp) return ANONYMOUS;
  throw new HttpError(401, 'authentication required: use a berth token as the password (berth tokens:create NAME)', CHALLENGE);
}

function toHttpError(err: unknown): never {
  if (err instanceof AccessDenied) throw new HttpError(403, err.message);
  if (err instanceof UserError) throw new HttpError(err instanceof NotFoundError ? 404 : 400, err.message);
  throw err;
}

function answerError(res: ServerResponse, err: unknown, s: Services): void {
  if (!(err instanceof HttpError)) s.log({ event: 'http-failed', error: String(err), stack: (err as Error)?.stack });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = err instanceof HttpError ? err.status : 500;
  const message = err instanceof HttpError ? err.message : 'internal error (see the berth daemon log)';
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...(err instanceof HttpError ? err.headers : {}) });
  res.end(`${message}\n`);
}
