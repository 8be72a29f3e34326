/**
 * Sources a user may name for berth to fetch (git:sync, a pushed tree's
 * submodules). Classified the way git itself reads them, so nothing that git
 * would open on this host passes as a network URL.
 */
import { realpath } from 'node:fs/promises';
import { isAdmin, type Principal } from '../access/principal.js';
import { UserError } from '../core/errors.js';

/** What git will be handed, and whether git may open local paths for it. */
export interface CheckedSource {
  url: string;
  /** False: git runs with only network transports allowed (GIT_ALLOW_PROTOCOL). */
  local: boolean;
}

const NETWORK_SCHEMES = new Set(['http', 'https', 'git', 'ssh', 'git+ssh', 'ssh+git']);
const HINT = 'use a network URL (https://, ssh://, git:// or user@host:path)';

export type SourceShape = { kind: 'network' } | { kind: 'local'; path: string } | { kind: 'refused'; why: string };

/** How git would read `url` (transport.c / connect.c): a network URL, a local path, or nothing berth accepts. */
export function classifySource(url: string): SourceShape {
  // eslint-disable-next-line no-control-regex -- a URL with control characters is never one to fetch
  if (!url || url.length > 2048 || /[\s\x00-\x1f\x7f]/.test(url)) return { kind: 'refused', why: 'not a valid repository URL' };
  if (url.startsWith('-')) return { kind: 'refused', why: 'not a valid repository URL' };
  // `helper::address` runs git-remote-helper (ext::, fd::, …).
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url)) return { kind: 'refused', why: 'remote helpers (X::…) are not allowed' };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'file') return { kind: 'local', path: safeDecode(url.slice(7)) };
  if (scheme !== undefined) {
    if (!NETWORK_SCHEMES.has(scheme)) return { kind: 'refused', why: `the URL scheme ${scheme}:// is not supported` };
    const host = url.slice(scheme.length + 3).split(/[/?#]/)[0]?.replace(/^[^@]*@/, '') ?? '';
    if (!host || host.startsWith('-')) return { kind: 'refused', why: 'the URL has no host' };
    return { kind: 'network' };
  }
  // scp-like `[user@]host:path`: a colon with no slash before it (git's url_is_local_not_ssh).
  const colon = url.indexOf(':');
  const slash = url.indexOf('/');
  if (colon > 0 && (slash < 0 || colon < slash)) {
    const host = url.slice(0, colon).replace(/^[^@]*@/, '').replace(/^\[|\]$/g, '');
    if (!host || host.startsWith('-')) return { kind: 'refused', why: 'the URL has no host' };
    return { kind: 'network' };
  }
  return { kind: 'local', path: url };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Decides whether `principal` may have berth fetch `url`. Tenants (limited
 * credentials) get network URLs only; admins may also name an existing
 * absolute path, resolved for real (symlinks, /proc/self/…), outside berth's
 * home. `what` names the source in messages (e.g. "submodule lib").
 */
export async function checkSource(url: string, principal: Principal | undefined, home: string, what = 'the source', ownHttpPort?: number): Promise<CheckedSource> {
  const shape = classifySource(url);
  if (shape.kind === 'refused') throw new UserError(`${what}: ${shape.why}; ${HINT}`);
  if (shape.kind === 'network') {
    // Under --insecure-http berth's own git server answers an anonymous fetch as an admin.
    if (ownHttpPort !== undefined && (!principal || !isAdmin(principal)) && isOwnHttp(url, ownHttpPort)) throw new UserError(`${what} is berth's own git server; a limited credential may not fetch other apps through it`);
    return { url, local: false };
  }
  if (!principal || !isAdmin(principal)) throw new UserError(`${what} is a local path; a limited credential may only fetch from the network: ${HINT}`);
  if (!shape.path.startsWith('/')) throw new UserError(`${what} is a relative path; give an absolute path or ${HINT}`);
  const real = await realpath(shape.path).catch(() => undefined);
  if (!real) throw new UserError(`${what}: no such local repository`);
  const root = await realpath(home).catch(() => home);
  if (real === root || real.startsWith(`${root}/`)) throw new UserError(`${what} is inside berth's own home; use apps:clone to copy an app`);
  return { url: real, local: true };
}

/** An http(s) URL for this host's loopback (or any address) at berth's own git HTTP port. */
export function isOwnHttp(url: string, port: number): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  const urlPort = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0' || host === '::' || /^0+$/.test(host);
  return local && urlPort === port;
}
