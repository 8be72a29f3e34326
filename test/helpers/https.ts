import { request } from 'node:https';

export interface TlsAnswer {
  status: number;
  body: string;
  /** SHA-256 fingerprint of the certificate the server sent. */
  fingerprint: string;
  location?: string;
}

/** GET over TLS to 127.0.0.1:port with SNI `host`, trusting only `ca`. */
export function getTls(port: number, host: string, ca: string, path = '/'): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, servername: host, headers: { host }, ca, agent: false, timeout: 15_000 }, (res) => {
      const fingerprint = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, fingerprint, location: res.headers.location }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** TLS requests one after another until `stop` settles; anything but a 200 counts as failed. */
export async function tlsLoop(port: number, host: string, ca: string, stop: Promise<unknown>): Promise<{ ok: number; failed: number; failures: string[]; fingerprints: Set<string> }> {
  let stopped = false;
  void stop.finally(() => (stopped = true));
  const result = { ok: 0, failed: 0, failures: [] as string[], fingerprints: new Set<string>() };
  while (!stopped) {
    try {
      const a = await getTls(port, host, ca);
      if (a.status === 200) result.ok++;
      else {
        result.failed++;
        result.failures.push(String(a.status));
      }
      result.fingerprints.add(a.fingerprint);
    } catch (err) {
      result.failed++;
      result.failures.push(String(err));
    }
  }
  return result;
}
