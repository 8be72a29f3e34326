import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createApp } from '../apps.js';
import { HttpError, UserError } from '../errors.js';
import type { GitEnv } from '../git.js';
import { validateAppName } from '../names.js';
import { paths } from '../paths.js';
import type { Services } from '../services.js';
import { advertise, parseGitRoute, rpc } from './git-http.js';

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
  const route = parseGitRoute(req.method ?? 'GET', req.url ?? '/');
  const app = appName(route.rawApp);
  const principal = authenticate(req, s);
  const repo = paths.repo(s.settings.home, app);
  if (!s.store.apps.get(app)) {
    if (route.service !== 'receive-pack') throw new HttpError(404, `app ${app} does not exist`);
    await createApp(s, app);
  }
  const env: GitEnv = { BERTH_SOCKET: s.settings.socketPath, BERTH_APP: app, BERTH_PUSHER: principal };
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string' && route.service === 'upload-pack') env.GIT_PROTOCOL = protocol;
  s.log({ event: 'git-http', app, service: route.service, advertise: route.advertise, principal });
  if (route.advertise) return advertise(res, repo, route.service, env);
  if (route.service === 'upload-pack') return rpc(req, res, repo, route.service, env);
  const push = s.pushes.begin();
  try {
    await rpc(req, res, repo, route.service, { ...env, BERTH_PUSH_ID: push.id });
  } finally {
    push.end();
  }
}

function appName(raw: string): string {
  try {
    return validateAppName(raw);
  } catch (err) {
    throw new HttpError(400, err instanceof UserError ? err.message : 'invalid app name');
  }
}

/** Who is asking. Tokens come with the next issue; until then only --insecure-http lets anyone in. */
function authenticate(_req: IncomingMessage, s: Services): string {
  if (s.settings.insecureHttp) return 'anonymous';
  throw new HttpError(401, 'authentication required', { 'WWW-Authenticate': 'Basic realm="berth"' });
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
