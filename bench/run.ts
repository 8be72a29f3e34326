/**
 * `npm run bench`: runs each benchmark, prints a table, writes JSON to
 * bench/results/. Figures, not pass/fail: targets are judged by reading them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Docker } from '../src/docker.js';
import { ensureFixtureImages } from '../fixtures/images/build.js';
import { benchPush } from './push.js';
import { benchRouter, type LoadFigures } from './router.js';
import { benchHerokuish } from './herokuish.js';
import { benchContext } from './context.js';
import { benchControl } from './control.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function load(f: LoadFigures): string {
  const cpu = f.proxyCpuUsPerRequest === undefined ? '' : `, proxy CPU ${f.proxyCpuUsPerRequest.toFixed(1)} µs/req`;
  return `${f.rps.toFixed(0)} req/s, p50 ${f.p50Ms.toFixed(2)} / p99 ${f.p99Ms.toFixed(2)} ms, ${f.errors} errors${cpu}`;
}

async function main(): Promise<void> {
  await ensureFixtureImages(new Docker());
  const push = await benchPush(RUNS);
  const berth = median(push.berthWarmRedeployMs);
  const bare = median(push.bareDockerMs);
  const router = await benchRouter(Number(process.env.BENCH_LOAD_SECONDS ?? 5), 3);
  const herokuish = await benchHerokuish(Math.min(RUNS, 3));
  const context = await benchContext();
  const control = await benchControl(RUNS);
  const rows = [
    ['warm redeploy, push to serving (berth)', `${berth.toFixed(0)} ms`],
    ['bare docker build + run + first 200', `${bare.toFixed(0)} ms`],
    ['ratio berth / bare', (berth / bare).toFixed(2)],
    ['  same push with checks:set wait 0 (no 2 s uptime check)', `${median(push.berthNoUptimeCheckMs).toFixed(0)} ms`],
    ['  ratio without the uptime check', (median(push.berthNoUptimeCheckMs) / bare).toFixed(2)],
    ['health-ready to routed (median)', `${median(router.readyToRoutedMs).toFixed(3)} ms`],
    ['direct to the container (wrk, 16 keep-alive connections)', load(router.direct)],
    ['nginx as Dokku runs it (forwarded headers, access log), HTTP', load(router.nginxHttp)],
    ['berth (HAProxy), HTTP', load(router.berthHttp)],
    ['nginx, HTTPS', load(router.nginxHttps)],
    ['berth (HAProxy), HTTPS', load(router.berthHttps)],
    ['berth / nginx requests/s (HTTP, HTTPS)', `${(router.berthHttp.rps / router.nginxHttp.rps).toFixed(2)}, ${(router.berthHttps.rps / router.nginxHttps.rps).toFixed(2)}`],
    ['berth p99 - nginx p99 (HTTP, HTTPS)', `${(router.berthHttp.p99Ms - router.nginxHttp.p99Ms).toFixed(2)}, ${(router.berthHttps.p99Ms - router.nginxHttps.p99Ms).toFixed(2)} ms`],
    ['herokuish push, cold cache (median)', `${median(herokuish.coldMs).toFixed(0)} ms`],
    ['herokuish push, warm cache (median)', `${median(herokuish.warmMs).toFixed(0)} ms`],
    ['ratio cold / warm', (median(herokuish.coldMs) / median(herokuish.warmMs)).toFixed(2)],
    [`context of ${context.files} files, ${(context.bytes / 1e6).toFixed(0)} MB: git archive alone`, `${context.gitArchiveMBps.toFixed(0)} MB/s`],
    ['  berth context stage (git archive + tar-stream)', `${context.berthContextMBps.toFixed(0)} MB/s`],
    ['  peak RSS during it (before)', `${context.peakRssMB.toFixed(0)} MB (${context.rssBeforeMB.toFixed(0)} MB)`],
    [`control plane with ${control.apps} apps: node's own start`, `${median(control.nodeStartMs).toFixed(0)} ms`],
    ...Object.entries(control.commands).map(([name, ms]) => [`  berth ${name}, start to exit`, `${median(ms).toFixed(0)} ms`]),
  ];
  const width = Math.max(...rows.map((r) => (r[0] as string).length));
  console.log(`berth bench (median of ${RUNS} runs)`);
  for (const [name, value] of rows) console.log(`  ${(name as string).padEnd(width)}  ${value}`);
  const dir = join(import.meta.dirname, '..', '..', 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const result = { date: new Date().toISOString(), runs: RUNS, push: { ...push, medianBerthMs: berth, medianBareMs: bare, ratio: berth / bare }, router, herokuish, context, control };
  await writeFile(join(dir, 'push.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written: ${join(dir, 'push.json')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
