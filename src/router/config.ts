/**
 * haproxy.cfg and its map and crt-list files, rendered from the router's
 * model. Pure: the same model gives the same text, so tests compare exactly.
 */
import { DAEMON_BACKEND, type BackendSlot, type RouterModel, type ServerSlot } from './model.js';

export interface RouterFiles {
  readonly dir: string;
  readonly config: string;
  readonly pid: string;
  readonly adminSocket: string;
  readonly masterSocket: string;
  readonly hostsMap: string;
  readonly redirectMap: string;
  readonly crtList: string;
  readonly certsDir: string;
  readonly defaultCert: string;
  readonly notFoundPage: string;
}

export interface Limits {
  /** Headers (and the buffered start of a body) must arrive within this. */
  readonly httpRequestMs: number;
  /** Connections one client address may hold open at once. */
  readonly connectionsPerClient: number;
}

export const DEFAULT_LIMITS: Limits = { httpRequestMs: 30_000, connectionsPerClient: 200 };

export function renderConfig(model: RouterModel, files: RouterFiles, limits: Limits = DEFAULT_LIMITS): string {
  return [
    ...globalSection(files),
    ...defaultsSection(limits),
    ...frontend('http', `${model.bind}:${model.httpPort}`, model, files, limits),
    ...frontend('https', `${model.bind}:${model.httpsPort} ssl crt ${files.defaultCert} crt-list ${files.crtList} alpn h2,http/1.1`, model, files, limits),
    'backend not_found',
    `  http-request return status 404 content-type "text/html; charset=utf-8" file ${files.notFoundPage} hdr cache-control no-store`,
    '',
    `backend ${DAEMON_BACKEND}`,
    `  server daemon 127.0.0.1:${model.daemonPort || 9}${model.daemonPort ? '' : ' disabled'}`,
    '',
    ...model.backends.flatMap(backendSection),
  ].join('\n');
}

function globalSection(files: RouterFiles): string[] {
  return [
    '# Written by berth from its state; edits are lost on the next change.',
    'global',
    '  master-worker',
    `  stats socket ${files.adminSocket} mode 600 level admin expose-fd listeners`,
    '  stats timeout 2m',
    // Old workers keep serving their in-flight requests and WebSockets after a reload, for at most this long.
    '  hard-stop-after 10m',
    '  tune.ssl.default-dh-param 2048',
    '  ssl-default-bind-options ssl-min-ver TLSv1.2',
    '',
    // The log lives in memory, read with `show events berth` (haproxy:logs): no syslog needed.
    'ring berth',
    '  format iso',
    '  size 1048576',
    '',
  ];
}

function defaultsSection(limits: Limits): string[] {
  return [
    'defaults',
    '  mode http',
    '  log ring@berth local0',
    '  option httplog',
    '  option dontlognull',
    // Wait for the start of a body too, so timeout http-request bounds slow uploads' first bytes.
    '  option http-buffer-request',
    '  timeout connect 5s',
    '  timeout client 60s',
    `  timeout http-request ${limits.httpRequestMs}ms`,
    '  timeout http-keep-alive 65s',
    // Apps may take long to answer; upgraded connections (WebSockets) are ended by the swap, not a timer.
    '  timeout server 1h',
    '  timeout tunnel 24h',
    '  timeout client-fin 30s',
    '  timeout queue 30s',
    '  retries 3',
    '  retry-on conn-failure empty-response',
    '  option redispatch 1',
    '',
  ];
}

function frontend(name: 'http' | 'https', bind: string, model: RouterModel, files: RouterFiles, limits: Limits): string[] {
  const port = name === 'http' ? model.httpPort : model.httpsPort;
  return [
    `frontend ${name}`,
    `  bind ${bind}`,
    '  stick-table type ip size 100k expire 60s store conn_cur',
    '  tcp-request connection track-sc0 src',
    `  tcp-request connection reject if { sc0_conn_cur gt ${limits.connectionsPerClient} }`,
    '  option forwardfor',
    `  http-request set-header X-Forwarded-Proto ${name}`,
    `  http-request set-header X-Forwarded-Port ${port}`,
    '  http-request set-header X-Forwarded-Host %[req.hdr(host)]',
    '  http-request set-header X-Request-Start t=%[date(0,ms)]',
    '  http-request set-var(txn.host) req.hdr(host),field(1,:),lower',
    // Only a refused connection is retried for methods that may change something: an upstream may have acted on it.
    '  http-request disable-l7-retry if !{ method GET HEAD OPTIONS DELETE }',
    '  acl acme path_beg /.well-known/acme-challenge/',
    ...(name === 'http' ? [`  http-request redirect ${redirectTarget(model.httpsPort)} code 301 if !acme { var(txn.host),map(${files.redirectMap}) -m found }`] : []),
    `  use_backend ${DAEMON_BACKEND} if acme`,
    `  use_backend %[var(txn.host),map(${files.hostsMap})]`,
    '  default_backend not_found',
    '',
  ];
}

function redirectTarget(httpsPort: number): string {
  return httpsPort === 443 ? 'scheme https' : `location https://%[var(txn.host)]:${httpsPort}%[capture.req.uri]`;
}

function backendSection(backend: BackendSlot): string[] {
  return [`backend ${backend.name}${backend.app ? ` # ${backend.app}` : ''}`, ...backend.servers.map(serverLine), ''];
}

function serverLine(s: ServerSlot): string {
  return `  server ${s.name} ${s.upstream.host}:${s.upstream.port}${s.backup ? ' backup' : ''}${s.state === 'ready' ? '' : ' disabled'} ${SERVER_CHECKS}`;
}

/**
 * A server is marked down at its first refused connection (HAProxy needs
 * health checks on to observe traffic, hence the connect checks), so the
 * retry goes to another server, a backup if no other is up: a container that
 * dies costs no request. Checks bring a server back
 * within half a second of it answering again.
 */
export const SERVER_CHECKS = 'check inter 2s fastinter 250ms downinter 500ms rise 1 fall 2 observe layer4 error-limit 1 on-error mark-down';

/** host → backend: the app's hosts when it has a server to send to, and berth's own names. */
export function hostsMap(model: RouterModel): Map<string, string> {
  const map = new Map<string, string>();
  for (const host of model.ownHosts) map.set(host, DAEMON_BACKEND);
  for (const b of model.backends) {
    if (!b.app || model.disabled.includes(b.app) || !b.servers.some((s) => s.state === 'ready')) continue;
    for (const host of b.hosts) map.set(host, b.name);
  }
  return map;
}

/** host → 1 for hosts whose plain HTTP requests go to HTTPS. */
export function redirectMap(model: RouterModel): Map<string, string> {
  const map = new Map<string, string>();
  for (const b of model.backends) if (b.app && model.redirects.includes(b.app)) for (const host of b.hosts) map.set(host, '1');
  return map;
}

export function renderMap(map: Map<string, string>): string {
  return [...map].map(([k, v]) => `${k} ${v}\n`).join('');
}

/** One line per certificate: its PEM bundle, then the SNI names it answers. */
export function renderCrtList(model: RouterModel, files: RouterFiles): string {
  return Object.entries(model.certs)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, hosts]) => `${[certPath(files, name), ...hosts].join(' ')}\n`)
    .join('');
}

export function certPath(files: RouterFiles, name: string): string {
  return `${files.certsDir}/${name}.pem`;
}
