// The fixture images, built from host binaries by global setup, run for real.
import { beforeAll, describe, expect, it } from 'vitest';
import { Docker } from '../../src/docker.js';
import { ensureFixtureImages, type FixtureImages } from '../../fixtures/images/build.js';

const docker = new Docker();

// runToCompletion removes its container in its own finally, pass or fail.
async function run(image: string, cmd: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await docker.runToCompletion({ Image: image, Cmd: cmd, Labels: { 'berth.test': 'fixtures' } }, (l) => lines.push(l));
  return { code, lines };
}

describe('fixture images', () => {
  let images: FixtureImages;
  beforeAll(async () => {
    // Global setup built them; this call must only find them again.
    images = await ensureFixtureImages(docker, (line) => expect.fail(`rebuilt: ${line}`));
  });

  it('are reused by their content-hash tags and also tagged latest', async () => {
    expect(images.busybox).toMatch(/^berth-fixture\/busybox:[0-9a-f]{16}$/);
    expect(images.node).toMatch(/^berth-fixture\/node:[0-9a-f]{16}$/);
    expect(await docker.imageId('berth-fixture/busybox:latest')).toBe(await docker.imageId(images.busybox));
    expect(await docker.imageId('berth-fixture/node:latest')).toBe(await docker.imageId(images.node));
  });

  it('busybox runs sh with its applets, a writable /tmp and a root user', async () => {
    const res = await run(images.busybox, ['sh', '-c', 'echo ok && stat -c %a /tmp && id -un && which httpd']);
    expect(res).toEqual({ code: 0, lines: ['ok', '1777', 'root', '/bin/httpd'] });
  });

  it('node runs node -e', async () => {
    const res = await run(images.node, ['node', '-e', 'console.log(1+1)']);
    expect(res).toEqual({ code: 0, lines: ['2'] });
  });

  it('node passes its exit code through', async () => {
    const res = await run(images.node, ['node', '-e', 'process.exit(3)']);
    expect(res.code).toBe(3);
  });
});
