import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import tar from 'tar-stream';
import type { Docker } from '../src/docker.js';
import { get } from '../test/helpers/http.js';

const LABELS = { 'berth.bench': 'bare' };

/**
 * The bare Docker work for one deploy of `dir`: build it (the engine's layer
 * cache as warm as berth's), run it with PORT=5000 on a loopback port, wait
 * for the first 200. Returns the milliseconds that took.
 */
export async function bareDeploy(docker: Docker, dir: string, version: string): Promise<number> {
  const t0 = performance.now();
  const tag = `berth-bench/bare:${version.replace(/[^a-zA-Z0-9_.-]/g, '-')}`;
  await docker.build(await packDir(dir), { tag, labels: LABELS }, () => undefined);
  const id = await docker.createContainer({
    Image: tag,
    Env: ['PORT=5000'],
    Labels: LABELS,
    ExposedPorts: { '5000/tcp': {} },
    HostConfig: { PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  try {
    await docker.startContainer(id);
    const port = await docker.hostPort(id, 5000);
    for (;;) {
      const answer = await get(port, '127.0.0.1').catch(() => undefined);
      if (answer?.status === 200) break;
    }
    return performance.now() - t0;
  } finally {
    await docker.removeContainer(id);
    await docker.removeImage(tag, true);
  }
}

async function packDir(dir: string) {
  const pack = tar.pack();
  for (const file of await listFiles(dir)) {
    const info = await stat(file);
    pack.entry({ name: relative(dir, file), mode: info.mode & 0o777, size: info.size }, await readFile(file));
  }
  pack.finalize();
  return pack;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
