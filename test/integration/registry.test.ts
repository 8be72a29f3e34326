/**
 * Dokku's registry:set / registry:report through berth's CLI: the registry a
 * swarm pulls from, set --global or per app; bad input is one line that
 * changes nothing; a password is never shown; a swarm app on an engine that
 * is no swarm manager is refused in one line before anything runs.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nodeApp } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { git, uniqueApp } from '../helpers/git.js';

let d: TestDaemon;

beforeAll(async () => {
  d = await startDaemon();
});

afterAll(async () => {
  await d?.stop();
});

test('registry:set and registry:report, --global and per app', async () => {
  const app = uniqueApp('registry');
  expect((await d.berth('apps:create', app)).exitCode).toBe(0);
  const bad = await d.berth('registry:set', '--global', 'server', 'http://example.com/x');
  expect(bad.exitCode).toBe(1);
  expect(bad.stderr).toBe(' !     registry server must be HOST or HOST:PORT, not http://example.com/x');
  expect((await d.berth('registry:set', app, 'colour', 'x')).stderr).toBe(' !     unknown registry property colour (server, username, password)');

  for (const args of [['--global', 'server', '10.9.0.2:5000'], ['--global', 'username', 'ci'], ['--global', 'password', 's3cret']]) {
    const set = await d.berth('registry:set', ...args);
    expect(set.exitCode, set.stderr).toBe(0);
    expect(set.stdout).not.toContain('s3cret');
  }
  const report = await d.berth('registry:report', app);
  expect(report.stdout).toBe(
    [
      `=====> ${app} registry information`,
      '       Registry computed server:      10.9.0.2:5000',
      '       Registry computed username:    ci',
      '       Registry global server:        10.9.0.2:5000',
      '       Registry password set:         true',
      '       Registry server:               ',
    ].join('\n'),
  );
  expect((await d.berth('registry:report', '--global', '--registry-global-username')).stdout).toBe('ci');
  // An app's own server does not get the global credentials.
  expect((await d.berth('registry:set', app, 'server', 'registry.example.com')).exitCode).toBe(0);
  expect(JSON.parse((await d.berth('registry:report', app, '--format', 'json')).stdout)).toEqual({
    'computed-server': 'registry.example.com',
    'registry-computed-server': 'registry.example.com',
    'global-server': '10.9.0.2:5000',
    'registry-global-server': '10.9.0.2:5000',
    server: 'registry.example.com',
    'registry-server': 'registry.example.com',
    'computed-username': '',
    'registry-computed-username': '',
    'password-set': 'false',
    'registry-password-set': 'false',
  });
  expect((await d.berth('registry:report', app, '--registry-server')).stdout).toBe('registry.example.com');
  expect((await d.berth('registry:set', app, 'server')).exitCode).toBe(0);
  expect((await d.berth('registry:report', app, '--registry-computed-server')).stdout).toBe('10.9.0.2:5000');
});

test('a swarm app on an engine that is no swarm manager: the push is refused in one line', { timeout: 120_000 }, async () => {
  const app = uniqueApp('noswarm');
  expect((await d.berth('apps:create', app)).exitCode).toBe(0);
  expect((await d.berth('scheduler:set', app, 'selected', 'swarm')).exitCode).toBe(0);
  expect((await d.berth('registry:set', app, 'server', '127.0.0.1:5')).exitCode).toBe(0);
  const pushed = await git(await nodeApp(), 'push', d.gitUrl(app), 'main');
  expect(pushed.exitCode).not.toBe(0);
  expect(pushed.stderr).toContain('deploy failed: the swarm scheduler needs DOCKER_HOST to be a swarm manager; this engine is not one');
  expect((await d.berth('apps:destroy', '--force', app)).exitCode).toBe(0);
});
