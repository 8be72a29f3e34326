/**
 * `npm run bench`: runs each benchmark, prints a table, writes JSON to
 * bench/results/. Figures, not pass/fail: targets are judged by reading them.
 * BENCH_ONLY=context,control (a comma list of section names) runs only those.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Docker } from '../src/docker.js';
import { ensureFixtureImages } from '../fixtures/images/build.js';
import { benchPush, type PushFigures } from './push.js';
import { benchRouter, type LoadFigures, type RouterFigures } from './router.js';
import { benchHerokuish, type HerokuishFigures } from './herokuish.js';
import { benchContext, type ContextFigures } from './context.js';
import { benchControl, type ControlFigures } from './control.js';
import { benchReceive, type ReceiveFigures } from './receive.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const wanted = (section: string) => !ONLY || ONLY.includes(section);

type Row = [string, string];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function load(f: LoadFigures): string {
  const cpu = f.proxyCpuUsPerRequest === undefined ? '' : `, proxy CPU ${f.proxyCpuUsPerRequest.toFixed(1)} µs/req`;
  return `${f.rps.toFixed(0)} req/s, p50 ${f.p50Ms.toFixed(2)} / p99 ${f.p99Ms.toFixed(2)} ms, ${f.errors} errors${cpu}`;
}
const mbps = (bytes: number, ms: number[]) => bytes / 1e6 / (median(ms) / 1000);

function pushRows(push: PushFigures): Row[] {
  const berth = median(push.berthWarmRedeployMs);
  const bare = median(push.bareDockerMs);
  return [
    ['warm redeploy, push to serving (berth)', `${berth.toFixed(0)} ms`],
    ['bare docker build + run + first 200', `${bare.toFixed(0)} ms`],
    ['ratio berth / bare', (berth / bare).toFixed(2)],
    ['  same push with checks:set wait 0 (no 2 s uptime check)', `${median(push.berthNoUptimeCheckMs).toFixed(0)} ms`],
    ['  ratio without the uptime check', (median(push.berthNoUptimeCheckMs) / bare).toFixed(2)],
  ];
}

function routerRows(router: RouterFigures): Row[] {
  return [
    ['health-ready to routed (median)', `${median(router.readyToRoutedMs).toFixed(3)} ms`],
    ['direct to the container (wrk, 16 keep-alive connections)', load(router.direct)],
    ['nginx as Dokku runs it (forwarded headers, access log), HTTP', load(router.nginxHttp)],
    ['berth (HAProxy), HTTP', load(router.berthHttp)],
    ['nginx, HTTPS', load(router.nginxHttps)],
    ['berth (HAProxy), HTTPS', load(router.berthHttps)],
    ['berth / nginx requests/s (HTTP, HTTPS)', `${(router.berthHttp.rps / router.nginxHttp.rps).toFixed(2)}, ${(router.berthHttps.rps / router.nginxHttps.rps).toFixed(2)}`],
    ['berth p99 - nginx p99 (HTTP, HTTPS)', `${(router.berthHttp.p99Ms - router.nginxHttp.p99Ms).toFixed(2)}, ${(router.berthHttps.p99Ms - router.nginxHttps.p99Ms).toFixed(2)} ms`],
  ];
}

function herokuishRows(herokuish: HerokuishFigures): Row[] {
  return [
    ['herokuish push, cold cache (median)', `${median(herokuish.coldMs).toFixed(0)} ms`],
    ['herokuish push, warm cache (median)', `${median(herokuish.warmMs).toFixed(0)} ms`],
    ['ratio cold / warm', (median(herokuish.coldMs) / median(herokuish.warmMs)).toFixed(2)],
  ];
}

function contextRows(c: ContextFigures): Row[] {
  const git = mbps(c.bytes, c.gitArchiveMs);
  const berth = mbps(c.bytes, c.berthContextMs);
  const devNull = mbps(c.bytes, c.gitArchiveDevNullMs);
  return [
    [`context of ${c.files} files, ${(c.bytes / 1e6).toFixed(0)} MB: git archive > /dev/null`, `${devNull.toFixed(0)} MB/s`],
    ['  git archive alone, read from a pipe', `${git.toFixed(0)} MB/s`],
    ['  berth context stage', `${berth.toFixed(0)} MB/s`],
    ['  ratio berth / git archive (pipe, /dev/null)', `${(berth / git).toFixed(2)}, ${(berth / devNull).toFixed(2)}`],
    ['  peak RSS during it (before)', `${c.peakRssMB.toFixed(0)} MB (${c.rssBeforeMB.toFixed(0)} MB)`],
  ];
}

function receiveRows(r: ReceiveFigures): Row[] {
  const rate = (ms: number[]) => `${mbps(r.bytes, ms).toFixed(0)} MB/s (${(median(ms) / 1000).toFixed(1)} s)`;
  const ratio = (a: number[], b: number[]) => (median(b) / median(a)).toFixed(2);
  return [
    [`receive of ${r.files} files, ${(r.bytes / 1e6).toFixed(0)} MB (push until stored): git http-backend (CGI)`, rate(r.gitHttpMs)],
    ['  berth, HTTP', rate(r.berthHttpMs)],
    ['  OpenSSH sshd + git-receive-pack', rate(r.gitSshMs)],
    ['  berth, SSH (its own server)', rate(r.berthSshMs)],
    ...(r.berthSshdMs.length ? ([['  berth, SSH through OpenSSH (sshd bridge)', rate(r.berthSshdMs)]] as Row[]) : []),
    ['  ratio berth / git (HTTP, SSH)', `${ratio(r.berthHttpMs, r.gitHttpMs)}, ${ratio(r.berthSshMs, r.gitSshMs)}${r.berthSshdMs.length ? `, bridge ${ratio(r.berthSshdMs, r.gitSshMs)}` : ''}`],
    ['  daemon peak RSS (idle before)', `${r.daemonPeakRssMB.toFixed(0)} MB (${r.daemonIdleRssMB.toFixed(0)} MB)`],
  ];
}

function controlRows(control: ControlFigures): Row[] {
  return [
    [`control plane with ${control.apps} apps: node's own start`, `${median(control.nodeStartMs).toFixed(0)} ms`],
    ...Object.entries(control.commands).map(([name, ms]): Row => [`  berth ${name}, start to exit`, `${median(ms).toFixed(0)} ms`]),
  ];
}

async function main(): Promise<void> {
  const result: Record<string, unknown> = { date: new Date().toISOString(), runs: RUNS };
  const rows: Row[] = [];
  if (wanted('push') || wanted('herokuish')) await ensureFixtureImages(new Docker());
  if (wanted('push')) {
    const push = await benchPush(RUNS);
    const [berth, bare] = [median(push.berthWarmRedeployMs), median(push.bareDockerMs)];
    result.push = { ...push, medianBerthMs: berth, medianBareMs: bare, ratio: berth / bare };
    rows.push(...pushRows(push));
  }
  if (wanted('router')) rows.push(...routerRows((result.router = await benchRouter(Number(process.env.BENCH_LOAD_SECONDS ?? 5), 3))));
  if (wanted('herokuish')) rows.push(...herokuishRows((result.herokuish = await benchHerokuish(Math.min(RUNS, 3)))));
  if (wanted('context')) rows.push(...contextRows((result.context = await benchContext(RUNS))));
  if (wanted('receive')) rows.push(...receiveRows((result.receive = await benchReceive(Math.min(RUNS, 3)))));
  if (wanted('control')) rows.push(...controlRows((result.control = await benchControl(RUNS))));
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`berth bench (median of ${RUNS} runs)`);
  for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${value}`);
  const dir = join(import.meta.dirname, '..', '..', 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, ONLY ? `bench-${ONLY.join('-')}.json` : 'push.json');
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written: ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
