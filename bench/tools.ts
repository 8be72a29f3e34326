/**
 * The bench's spawners: wrk (the one client for every target) and a
 * throwaway nginx run as this process's child on free ports.
 */
import { execa, type ResultPromise } from 'execa';
import { mkdir, readdir, readFile, rm, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };

export interface LoadFigures {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** CPU the proxy's processes used per request (user + system), when they were named. */
  proxyCpuUsPerRequest?: number;
}

/**
 * wrk with `connections` keep-alive connections on 2 threads for `seconds`.
 * With `proxyPid`, the CPU time of that process and its children is read
 * before and after: on a shared 2-core machine requests/s move with whatever
 * else runs, CPU per request much less.
 */
export async function wrk(url: string, host: string, seconds: number, proxyPid?: number, connections = 16): Promise<LoadFigures> {
  const before = proxyPid ? await treeCpuMs(proxyPid) : 0;
  const res = await execa('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-H', `Host: ${host}`, url], { env: ENV, extendEnv: false, timeout: (seconds + 30) * 1000 });
  const figures = parseWrk(res.stdout, seconds);
  if (!proxyPid || !figures.requests) return figures;
  return { ...figures, proxyCpuUsPerRequest: ((await treeCpuMs(proxyPid)) - before) * 1000 / figures.requests };
}

/** User + system CPU of a process and its descendants, in ms, from /proc. */
export async function treeCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * (1000 / CLOCK_TICKS);
  const children = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const kids = (await Promise.all(children.map((t) => readFile(`/proc/${pid}/task/${t}/children`, 'utf8').catch(() => '')))).join(' ').split(/\s+/).filter(Boolean).map(Number);
  return own + (await Promise.all(kids.map(treeCpuMs))).reduce((a, b) => a + b, 0);
}

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS = 100;

/** Parses wrk's --latency report. */
export function parseWrk(text: string, seconds: number): LoadFigures {
  const ms = (label: string) => {
    const m = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)`, 'm').exec(text);
    if (!m) return NaN;
    const n = Number(m[1]);
    return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
  };
  const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const errors = non2xx + (socketErrors ? socketErrors.slice(1).reduce((n, v) => n + Number(v), 0) : 0);
  return { requests, seconds, rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? 0), p50Ms: ms('50%'), p99Ms: ms('99%'), errors };
}

export interface Nginx {
  httpPort: number;
  httpsPort: number;
  /** The master's pid: its workers are its children. */
  pid: number;
  stop(): Promise<void>;
}

/** Debian's nginx proxying to `upstream` (HOST:PORT) through a keep-alive pool, HTTP and HTTPS, config in a temp dir. */
export async function startNginx(upstream: string, ports: { http: number; https: number }, certPem: string): Promise<Nginx> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-bench-nginx-'));
  await mkdir(join(dir, 'tmp'));
  await writeFile(join(dir, 'cert.pem'), certPem, { mode: 0o600 });
  const conf = join(dir, 'nginx.conf');
  await writeFile(conf, nginxConfig(dir, upstream, ports));
  const child: ResultPromise = execa('nginx', ['-p', dir, '-c', conf], { env: ENV, extendEnv: false, reject: false, stdin: 'ignore' });
  await waitForPort(ports.http);
  return {
    ...{ httpPort: ports.http, httpsPort: ports.https, pid: child.pid as number },
    async stop() {
      child.kill('SIGQUIT');
      await Promise.race([child, new Promise((r) => setTimeout(r, 5000))]);
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * nginx as Dokku runs an app behind it (plugins/nginx-vhosts/templates/nginx.conf.sigil):
 * the same forwarded headers berth's router sets, and an access log per app,
 * so both proxies do the same work per request.
 */
function nginxConfig(dir: string, upstream: string, ports: { http: number; https: number }): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/tmp/${t};`).join('\n');
  return `worker_processes 2;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
${temp}
  upstream app { server ${upstream}; keepalive 32; }
  server {
    listen 127.0.0.1:${ports.http};
    listen 127.0.0.1:${ports.https} ssl;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/cert.pem;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Port $server_port;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Request-Start $msec;
    }
  }
}
`;
}

async function waitForPort(port: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
