/**
 * Git's smart HTTP protocol, served by git's own binaries in stateless-rpc
 * mode. berth only authenticates, routes and pipes; git does the protocol.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { HttpError } from '../core/errors.js';
import { spawnService, type GitEnv, type GitService } from '../git.js';

export interface GitRoute {
  app: string;
  service: GitService;
  /** `info/refs` advertisement (GET) or the rpc itself (POST). */
  advertise: boolean;
}

const ROUTE = /^\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;

/** Parses a request path; throws HttpError for anything git would not send. */
export function parseGitRoute(method: string, url: string): { rawApp: string; service: GitService; advertise: boolean } {
  // Match the raw path: URL parsing would resolve `/../x.git` to `/x.git`.
  const [rawPath = '', query = ''] = url.split('?', 2);
  const m = ROUTE.exec(rawPath);
  if (!m) throw new HttpError(404, 'not a git repository path; use http://HOST/APP.git');
  const [, encodedApp, tail] = m as unknown as [string, string, string];
  const rawApp = safeDecode(encodedApp);
  if (tail === 'info/refs') {
    if (method !== 'GET') throw new HttpError(405, 'method not allowed');
    const service = new URLSearchParams(query).get('service');
    if (service !== 'git-upload-pack' && service !== 'git-receive-pack') {
      throw new HttpError(403, 'berth only speaks git smart HTTP (git 1.6.6 or newer)');
    }
    return { rawApp, service: service.slice(4) as GitService, advertise: true };
  }
  if (method !== 'POST') throw new HttpError(405, 'method not allowed');
  return { rawApp, service: tail.slice(4) as GitService, advertise: false };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError(400, 'malformed path');
  }
}

function pktLine(text: string): string {
  return (text.length + 4).toString(16).padStart(4, '0') + text;
}

/** Answers `GET /APP.git/info/refs?service=…` from git's own advertisement. */
export async function advertise(res: ServerResponse, repo: string, service: GitService, env: GitEnv): Promise<void> {
  const { child, done } = spawnService(service, repo, { statelessRpc: true, advertiseRefs: true, env });
  child.stdin?.end();
  res.writeHead(200, {
    'Content-Type': `application/x-git-${service}-advertisement`,
    'Cache-Control': 'no-cache',
  });
  if (!env.GIT_PROTOCOL?.includes('version=2')) res.write(`${pktLine(`# service=git-${service}\n`)}0000`);
  await Promise.all([pipeline(child.stdout!, res), done]);
}

/**
 * Runs the rpc (`POST /APP.git/git-receive-pack`), piping the request body
 * into git and git's answer (with the hook's live output) back. A client
 * that goes away kills git, so no half-received push updates a ref.
 */
export async function rpc(req: IncomingMessage, res: ServerResponse, repo: string, service: GitService, env: GitEnv): Promise<void> {
  const { child, done } = spawnService(service, repo, { statelessRpc: true, env });
  const kill = () => child.kill('SIGTERM');
  res.on('close', () => {
    if (!res.writableFinished) kill();
  });
  res.writeHead(200, { 'Content-Type': `application/x-git-${service}-result`, 'Cache-Control': 'no-cache' });
  const body = req.headers['content-encoding'] === 'gzip' ? req.pipe(createGunzip()) : req;
  const input = pipeline(body, child.stdin!).catch((err: unknown) => {
    kill();
    throw err;
  });
  await Promise.all([input, pipeline(child.stdout!, res), done]);
}
