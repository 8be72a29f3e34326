/**
 * Runs once before the tests: the Docker engine must answer (CI fails, never
 * skips, without it), the CLI must be built, and the fixture images must exist.
 *
 * Escape hatch: BERTH_SKIP_DIST_CHECK=1 skips the dist/src/cli.js check, for
 * running tests that do not start the CLI (e.g. fixtures.test.ts) before the
 * build works. Never set it in CI.
 */
import { existsSync } from 'node:fs';
import { Docker } from '../src/docker.js';
import { ensureFixtureImages } from '../fixtures/images/build.js';
import { CLI } from './helpers/daemon.js';

export default async function setup(): Promise<void> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (err) {
    const hint = process.env.CI
      ? 'CI must have a running engine: .ci/run starts one through scripts/setup.sh'
      : 'start dockerd (or run `sudo bash scripts/setup.sh`), then rerun';
    throw new Error(`the Docker engine does not answer at /var/run/docker.sock; the integration tests need it: ${hint}`, { cause: err });
  }
  if (!existsSync(CLI) && process.env.BERTH_SKIP_DIST_CHECK !== '1') {
    throw new Error(`${CLI} is missing: the integration tests run the built CLI; run \`npm run build\` first`);
  }
  const started = Date.now();
  await ensureFixtureImages(docker, (line) => {
    if (line.startsWith('building ')) console.log(`fixture images: ${line}`);
  });
  if (Date.now() - started > 5_000) console.log(`fixture images ready in ${Math.round((Date.now() - started) / 1000)} s`);
}
