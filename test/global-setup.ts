/**
 * Runs once before the tests: the Docker engine must answer (CI fails, never
 * skips, without it), the fixture images must exist, and the CLI must be built.
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
    throw new Error(
      `the Docker engine does not answer at /var/run/docker.sock: the integration tests need it (start dockerd, or run bash scripts/setup.sh)${process.env.CI ? ' [CI]' : ''}`,
      { cause: err },
    );
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  await ensureFixtureImages(docker);
}
