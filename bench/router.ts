/**
 * The router's cost: requests/s and latency percentiles through the router
 * and straight to the container, with the same client in the same run; and
 * the time from health-ready to routed, read from the daemon's log.
 */
import { Agent, request } from 'node:http';
import { Docker } from '../src/docker.js';
import { nodeApp, commitFiles } from '../test/helpers/apps.js';
import { startDaemon } from '../test/helpers/daemon.js';
import { git } from '../test/helpers/git.js';

export interface LoadFigures {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface RouterFigures {
  viaRouter: LoadFigures;
  direct: LoadFigures;
  readyToRoutedMs: number[];
}

const CONCURRENCY = 16;

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
    const directPort = await docker.hostPort(web!.id, 5000);
    await load(daemon.routerPort, `${app}.localhost`, 1); // warm both paths
    const viaRouter = await load(daemon.routerPort, `${app}.localhost`, seconds);
    const direct = await load(directPort, '127.0.0.1', seconds);
    return { viaRouter, direct, readyToRoutedMs };
  } finally {
    await daemon.stop();
  }
}

/** CONCURRENCY keep-alive clients requesting `/` for `seconds`. */
async function load(port: number, host: string, seconds: number): Promise<LoadFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const ok = await once(port, host, agent);
      if (ok) latencies.push(performance.now() - t0);
      else errors++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  return { requests: latencies.length, seconds: elapsed, rps: latencies.length / elapsed, p50Ms: pct(0.5), p99Ms: pct(0.99), errors };
}

function once(port: number, host: string, agent: Agent): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}
