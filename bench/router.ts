/**
 * The router's cost, in one run against the same upstream (one app
 * container, at its own address) with the same client (wrk, 16 keep-alive connections): direct,
 * Debian's nginx (keep-alive upstream pool) and berth's HAProxy, over HTTP
 * and HTTPS; and the time from health-ready to routed, from the daemon's log.
 */
import { readFile } from 'node:fs/promises';
import { Docker } from '../src/docker.js';
import { routerFiles } from '../src/router/index.js';
import { masterPid } from '../src/router/process.js';
import { freePort } from '../src/router/process.js';
import { nodeApp, commitFiles } from '../test/helpers/apps.js';
import { startDaemon } from '../test/helpers/daemon.js';
import { git } from '../test/helpers/git.js';
import { startNginx, wrk, type LoadFigures } from './tools.js';
import { webEndpoint } from '../src/swap/endpoint.js';

export type { LoadFigures } from './tools.js';

export interface RouterFigures {
  direct: LoadFigures;
  nginxHttp: LoadFigures;
  nginxHttps: LoadFigures;
  berthHttp: LoadFigures;
  berthHttps: LoadFigures;
  readyToRoutedMs: number[];
}

export async function benchRouter(seconds: number, deploys: number): Promise<RouterFigures> {
  const daemon = await startDaemon();
  const app = `benchr-${Date.now().toString(36)}`;
  try {
    const dir = await nodeApp();
    for (let i = 0; i < deploys; i++) {
      if (i) await commitFiles(dir, { 'version.txt': `b${i}\n` }, `b${i}`);
      const res = await git(dir, 'push', daemon.gitUrl(app), 'main');
      if (res.exitCode !== 0) throw new Error(`push failed: ${res.stderr}`);
    }
    const readyToRoutedMs = daemon
      .logs()
      .split('\n')
      .filter((l) => l.includes('"event":"routed"'))
      .map((l) => (JSON.parse(l) as { readyToRoutedMs: number }).readyToRoutedMs);
    const docker = new Docker();
    const [web] = (await docker.listContainers({ 'berth.instance': daemon.instance, 'berth.app': app, 'berth.process': 'web' })).filter((c) => c.state === 'running');
    // The container's own address, where berth's router and Dokku's nginx both go (src/swap/endpoint.ts).
    const target = await webEndpoint(docker, daemon.instance, web!);
    if (!target) throw new Error('the web container has no address');
    const upstream = `${target.host}:${target.port}`;
    // nginx serves the same self-signed certificate HAProxy uses by default.
    const cert = await readFile(routerFiles(daemon.home).defaultCert, 'utf8');
    const nginx = await startNginx(upstream, { http: await freePort('127.0.0.1'), https: await freePort('127.0.0.1') }, cert);
    const host = `${app}.localhost`;
    const haproxy = await masterPid(routerFiles(daemon.home));
    try {
      for (const url of [`http://${upstream}/`, `http://127.0.0.1:${nginx.httpPort}/`, `http://127.0.0.1:${daemon.routerPort}/`]) await wrk(url, host, 1); // warm up
      return {
        direct: await wrk(`http://${upstream}/`, host, seconds),
        nginxHttp: await wrk(`http://127.0.0.1:${nginx.httpPort}/`, host, seconds, nginx.pid),
        berthHttp: await wrk(`http://127.0.0.1:${daemon.routerPort}/`, host, seconds, haproxy),
        nginxHttps: await wrk(`https://127.0.0.1:${nginx.httpsPort}/`, host, seconds, nginx.pid),
        berthHttps: await wrk(`https://127.0.0.1:${daemon.routerTlsPort}/`, host, seconds, haproxy),
        readyToRoutedMs,
      };
    } finally {
      await nginx.stop();
    }
  } finally {
    await daemon.stop();
  }
}
