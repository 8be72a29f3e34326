import { request, Agent } from 'node:http';

export interface Answer {
  status: number;
  body: string;
}

/** GET through the router with a Host header; rejects on connection errors. */
export function get(port: number, host: string, path = '/', agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host }, agent: agent ?? false, timeout: 30_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export interface LoopResult {
  ok: number;
  failed: number;
  failures: string[];
  bodies: Map<string, number>;
}

/**
 * Requests `host` through the router one after another until `stop` settles
 * (and at most `maxRequests`), counting every non-200 or error as a failure.
 */
export async function requestLoop(port: number, host: string, stop: Promise<unknown>, maxRequests = 100_000, path = '/'): Promise<LoopResult> {
  let stopped = false;
  void stop.finally(() => (stopped = true));
  const result: LoopResult = { ok: 0, failed: 0, failures: [], bodies: new Map() };
  for (let i = 0; i < maxRequests && !stopped; i++) {
    try {
      const answer = await get(port, host, path);
      if (answer.status === 200) {
        result.ok++;
        result.bodies.set(answer.body.trim(), (result.bodies.get(answer.body.trim()) ?? 0) + 1);
      } else {
        result.failed++;
        result.failures.push(`${answer.status} ${answer.body.slice(0, 100)}`);
      }
    } catch (err) {
      result.failed++;
      result.failures.push(String(err));
    }
  }
  return result;
}
