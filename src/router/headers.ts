import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';

// Hop-by-hop headers describe one connection, not the message; `expect` is
// answered by our own server (100 Continue) so the upstream must not see it.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

const FORWARDED = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-request-start']);

/** Headers for the proxied request: end-to-end headers plus the X-Forwarded-* set. */
export function requestHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  return { ...stripHopByHop(req.headers), ...forwardedHeaders(req) };
}

/** Headers for the client's response: the upstream's end-to-end headers. */
export function responseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return stripHopByHop(headers);
}

/** The X-Forwarded-* and X-Request-Start headers the router adds. */
export function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const remote = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  return {
    'x-forwarded-for': prior ? `${prior}, ${remote}` : remote,
    'x-forwarded-proto': 'http',
    'x-forwarded-host': req.headers.host ?? '',
    'x-forwarded-port': String(req.socket.localPort ?? ''),
    'x-request-start': `t=${Date.now()}`,
  };
}

/** The raw request head for an upgrade: hop-by-hop headers kept, since the upstream must see the Upgrade. */
export function upgradeHead(req: IncomingMessage): string {
  const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!FORWARDED.has(name.toLowerCase())) lines.push(`${name}: ${raw[i + 1] as string}`);
  }
  for (const [name, value] of Object.entries(forwardedHeaders(req))) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function stripHopByHop(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .toLowerCase()
      .split(',')
      .map((s) => s.trim()),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) out[name] = value;
  }
  return out;
}
