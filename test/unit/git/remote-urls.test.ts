import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LOCAL, type Principal } from '../../../src/access/principal.js';
import { UserError } from '../../../src/core/errors.js';
import { checkSource, classifySource, isOwnHttp } from '../../../src/git/remote-urls.js';

const TENANT: Principal = { name: 'ci', kind: 'token', apps: ['app1'] };
let root: string;
let home: string;
let outside: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'berth-t-urls-'));
  home = join(root, 'home');
  outside = join(root, 'srv', 'lib.git');
  await mkdir(join(home, 'repos', 'app2.git'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await symlink(join(home, 'repos'), join(root, 'link'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('classifySource', () => {
  test.each([
    'https://example.com/a.git',
    'http://example.com:8080/a',
    'git://example.com/a.git',
    'ssh://git@example.com/a.git',
    'git+ssh://example.com/a',
    'git@example.com:a.git',
    'example.com:org/a.git',
  ])('%s is a network URL', (url) => {
    expect(classifySource(url)).toEqual({ kind: 'network' });
  });

  test.each([
    ['/srv/git/a.git', '/srv/git/a.git'],
    ['../app2.git', '../app2.git'],
    ['./a:b', './a:b'],
    ['app2.git', 'app2.git'],
    ['file:///srv/a.git', '/srv/a.git'],
    ['FILE:///srv/a%20b.git', '/srv/a b.git'],
    ['/proc/self/cwd/repos/a.git', '/proc/self/cwd/repos/a.git'],
  ])('%s is the local path %s', (url, path) => {
    expect(classifySource(url)).toEqual({ kind: 'local', path });
  });

  test.each(['', '-uhelp', 'ext::sh -c id', 'fd::3', 'foo::bar', 'ftp://example.com/a', 'https:///a', 'ssh://-oProxyCommand=x/a',  'a b', 'x\n/y', 'https://h/a'.padEnd(3000, 'a')])(
    '%j is refused',
    (url) => {
      expect(classifySource(url).kind).toBe('refused');
    },
  );
});

describe('checkSource', () => {
  test('a tenant may use a network URL, and git is told to stay on the network', async () => {
    expect(await checkSource('https://example.com/a.git', TENANT, home)).toEqual({ url: 'https://example.com/a.git', local: false });
  });

  test.each(['../app2.git', 'file:///etc', '/srv/lib.git', '/proc/self/cwd', 'app2.git', 'ext::sh -c id'])('a tenant may not use %s', async (url) => {
    await expect(checkSource(url, TENANT, home, 'the source')).rejects.toThrow(UserError);
  });

  test('an admin may use an absolute path outside the home, resolved for real', async () => {
    expect(await checkSource(outside, LOCAL, home)).toEqual({ url: outside, local: true });
    expect(await checkSource(`file://${outside}`, LOCAL, home)).toEqual({ url: outside, local: true });
    expect(await checkSource(`${root}/srv/../srv/lib.git`, LOCAL, home)).toEqual({ url: outside, local: true });
  });

  test.each([
    ['inside the home', () => join(home, 'repos', 'app2.git'), "inside berth's own home"],
    ['through a symlink', () => join(root, 'link', 'app2.git'), "inside berth's own home"],
    ['through ..', () => `${outside}/../../home/repos/app2.git`, "inside berth's own home"],
    ['relative', () => '../app2.git', 'relative path'],
    ['missing', () => join(root, 'nope'), 'no such local repository'],
  ])('an admin may not use a path %s', async (_what, url, message) => {
    await expect(checkSource(url(), LOCAL, home)).rejects.toThrow(message);
  });

  test('/proc/self/… is resolved, not compared as text', async () => {
    await expect(checkSource('/proc/self/root' + join(home, 'repos', 'app2.git'), LOCAL, home)).rejects.toThrow("inside berth's own home");
  });
});

describe("berth's own git server", () => {
  test.each([
    ['http://127.0.0.1:8080/app2.git', true],
    ['http://127.1:8080/app2.git', true],
    ['http://2130706433:8080/app2.git', true],
    ['http://localhost:8080/app2', true],
    ['http://[::1]:8080/app2', true],
    ['https://example.com:8080/app2', false],
    ['http://127.0.0.1:8081/app2', false],
    ['ssh://127.0.0.1:8080/app2', false],
  ])('%s: %s', (url, own) => {
    expect(isOwnHttp(url, 8080)).toBe(own);
  });

  test('tenants may not fetch through it; admins may', async () => {
    await expect(checkSource('http://127.0.0.1:8080/app2.git', TENANT, home, 'the repository', 8080)).rejects.toThrow("the repository is berth's own git server");
    expect(await checkSource('http://127.0.0.1:8080/app2.git', LOCAL, home, 'the repository', 8080)).toEqual({ url: 'http://127.0.0.1:8080/app2.git', local: false });
  });
});
