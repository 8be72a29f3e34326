/**
 * Pebble (Let's Encrypt's test CA, Debian's `pebble`) and pebble-challtestsrv
 * as its DNS (every name → 127.0.0.1 unless told otherwise), on free ports,
 * always stopped by `stop()`. Pebble's own TLS certificate comes from a
 * throwaway CA whose file the daemon trusts through NODE_EXTRA_CA_CERTS.
 */
import { execa, type ResultPromise } from 'execa';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTestCa, type TestCa } from './certs.js';

export interface Pebble {
  directoryUrl: string;
  /** The CA file for NODE_EXTRA_CA_CERTS (signs pebble's own TLS certificate). */
  caFile: string;
  /** Pebble's issuing root, which changes on every start. */
  root(): Promise<string>;
  /** Makes the DNS answer `ip` for `host`. */
  setA(host: string, ip: string): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts pebble; its HTTP-01 validations go to `httpPort` on the address the DNS gives. */
export async function startPebble(httpPort: number): Promise<Pebble> {
  const ca: TestCa = await makeTestCa();
  const children: ResultPromise[] = [];
  const stop = async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.allSettled(children);
    await ca.remove();
  };
  try {
    const [listen, management, dns, dnsManagement, tlsAlpn] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const leaf = await ca.issue(['localhost']);
    const caFile = join(ca.dir, 'ca.crt');
    const config = join(ca.dir, 'pebble.json');
    await writeFile(config, JSON.stringify({ pebble: { listenAddress: `127.0.0.1:${listen}`, managementListenAddress: `127.0.0.1:${management}`, certificate: leaf.crtPath, privateKey: leaf.keyPath, httpPort, tlsPort: tlsAlpn, ocspResponderURL: '', externalAccountBindingRequired: false } }));
    const logs: string[] = [];
    const spawn = (file: string, args: string[], env: Record<string, string> = {}) => {
      const child = execa(file, args, { reject: false, buffer: false, stdin: 'ignore', env, extendEnv: false, cwd: ca.dir });
      child.stdout?.on('data', (d: Buffer) => logs.push(d.toString()));
      child.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
      children.push(child);
    };
    spawn('pebble-challtestsrv', ['-defaultIPv4', '127.0.0.1', '-defaultIPv6', '', '-dns01', `127.0.0.1:${dns}`, '-http01', '', '-https01', '', '-tlsalpn01', '', '-management', `127.0.0.1:${dnsManagement}`]);
    spawn('pebble', ['-config', config, '-dnsserver', `127.0.0.1:${dns}`], { PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' });
    const get = (port: number, path: string) => httpsGet(`https://localhost:${port}${path}`, ca.caCrt);
    await until(() => get(listen, '/dir').then(() => true, () => false), 15_000, () => `pebble did not start: ${logs.join('')}`);
    await until(() => fetch(`http://127.0.0.1:${dnsManagement}/`).then(() => true, () => false), 15_000, () => `challtestsrv did not start: ${logs.join('')}`);
    return {
      directoryUrl: `https://localhost:${listen}/dir`,
      caFile,
      root: () => get(management, '/roots/0'),
      async setA(host, ip) {
        const res = await fetch(`http://127.0.0.1:${dnsManagement}/add-a`, { method: 'POST', body: JSON.stringify({ host: `${host}.`, addresses: [ip] }) });
        if (!res.ok) throw new Error(`challtestsrv add-a: ${res.status}`);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export function httpsGet(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

async function until(check: () => Promise<boolean>, ms: number, why: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}
