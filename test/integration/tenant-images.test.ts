/**
 * Issue 16, the engine side: two berth homes on one engine never touch each
 * other's objects; no app builds from, deploys or uses as a stack another
 * app's image (by tag, guessed tag, id prefix, COPY --from, ARG); a
 * buildpack image carries no config.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { appLabels, cacheVolumeName, imageRepo, instanceLabels, LABEL } from '../../src/docker/labels.js';
import { commitFiles } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';
import { ssh, sshKeygen } from '../helpers/ssh.js';

const docker = new Docker();
let d1: TestDaemon;
let d2: TestDaemon;

beforeAll(async () => {
  [d1, d2] = await Promise.all([startDaemon(), startDaemon()]);
});

afterAll(async () => {
  await Promise.all([d1?.stop(), d2?.stop()]);
});

async function staticApp(body: string, dockerfile?: string): Promise<string> {
  const dir = join(await tmpHome(), 'app');
  await copyFixtureApp('static', dir);
  return commitFiles(dir, { 'index.html': body, ...(dockerfile ? { Dockerfile: dockerfile } : {}) }, 'content');
}

const push = (d: TestDaemon, dir: string, app: string) => git(dir, 'push', '-f', d.gitUrl(app), 'main');
const served = async (d: TestDaemon, app: string) => (await get(d.routerPort, `${app}.localhost`)).body;

/** The tag of the image serving `app`, as the engine lists it. */
async function imageOf(d: TestDaemon, app: string): Promise<{ tag: string; id: string }> {
  const images = await docker.listImages(appLabels(d.instance, app));
  const image = images.find((i) => i.tags.some((t) => t.startsWith(`${imageRepo(d.instance, app)}:`)));
  if (!image) throw new Error(`no image of ${app}`);
  return { tag: image.tags[0] as string, id: image.id };
}

describe('two homes on one engine', () => {
  test('push the same app name at once; each serves its own code, names never collide', async () => {
    const app = uniqueApp('twin');
    const [one, two] = await Promise.all([staticApp('home one\n'), staticApp('home two\n')]);
    const [r1, r2] = await Promise.all([push(d1, one, app), push(d2, two, app)]);
    expect(r1.exitCode, r1.stderr).toBe(0);
    expect(r2.exitCode, r2.stderr).toBe(0);
    expect(await served(d1, app)).toBe('home one\n');
    expect(await served(d2, app)).toBe('home two\n');
    const [c1, c2] = await Promise.all([d1, d2].map((d) => docker.listContainers(appLabels(d.instance, app))));
    expect(c1?.map((c) => c.name)).toEqual([expect.stringMatching(new RegExp(`^berth-${d1.instance}\\.${app}\\.web\\.1\\.\\d+$`))]);
    expect(c2?.map((c) => c.name)).toEqual([expect.stringMatching(new RegExp(`^berth-${d2.instance}\\.${app}\\.web\\.1\\.\\d+$`))]);

    // A second push on one home leaves the other's image and containers alone.
    await commitFiles(one, { 'index.html': 'home one again\n' }, 'again');
    expect((await push(d1, one, app)).exitCode).toBe(0);
    expect(await served(d1, app)).toBe('home one again\n');
    expect(await served(d2, app)).toBe('home two\n');
    expect((await d1.berth('apps:destroy', app, '--force')).exitCode).toBe(0);
    expect(await served(d2, app)).toBe('home two\n');
    expect(await docker.listContainers(appLabels(d2.instance, app))).toHaveLength(1);
  });
});

describe("another app's image", () => {
  let victim: string;
  let victimImage: { tag: string; id: string };
  let otherHome: { tag: string; id: string };
  const secret = 'the source of the victim app\n';

  beforeAll(async () => {
    victim = uniqueApp('victim');
    expect((await push(d1, await staticApp(secret), victim)).exitCode).toBe(0);
    victimImage = await imageOf(d1, victim);
    const elsewhere = uniqueApp('elsewhere');
    expect((await push(d2, await staticApp(secret), elsewhere)).exitCode).toBe(0);
    otherHome = await imageOf(d2, elsewhere);
  });

  test('its tag holds a random part, not just the deploy id', () => {
    expect(victimImage.tag).toMatch(new RegExp(`^berth-${d1.instance}/${victim}:\\d+-[0-9a-f]{16}$`));
  });

  const cases: [string, () => string, RegExp][] = [
    ['FROM its tag', () => `FROM ${victimImage.tag}\nCMD ["sh", "-c", "cat /www/index.html; exec httpd -f -p $PORT -h /www"]\n`, /belongs to another app/],
    ['FROM an id prefix', () => `FROM ${victimImage.id.slice(7, 19)}\n`, /names an image by its id/],
    ['COPY --from its tag', () => `FROM berth-fixture/busybox:latest\nCOPY --from=${victimImage.tag} /www /www\n`, /belongs to another app/],
    ['FROM a global ARG', () => `ARG BASE=${victimImage.tag}\nFROM $BASE\n`, /belongs to another app/],
    ["FROM another home's image", () => `FROM ${otherHome.tag}\n`, /belongs to another berth home/],
  ];
  test.each(cases)('%s is refused with one line; nothing of it is shown', async (_name, dockerfile, message) => {
    const app = uniqueApp('thief');
    const res = await push(d1, await staticApp('thief\n', dockerfile()), app);
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toContain(secret.trim());
    expect(await docker.listContainers(appLabels(d1.instance, app))).toEqual([]);
  });

  test.each([
    ['the old guessable tag', () => `berth/${victim}:1`],
    ['the tag without its random part', () => victimImage.tag.replace(/-[0-9a-f]{16}$/, '')],
  ])('FROM %s does not resolve', async (_name, ref) => {
    const app = uniqueApp('guess');
    const res = await push(d1, await staticApp('guess\n', `FROM ${ref()}\n`), app);
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).not.toContain(secret.trim());
  });

  test('as a buildpack stack it is refused, for admins too, when set and at build time', async () => {
    const app = uniqueApp('stack');
    expect((await d1.berth('apps:create', app)).exitCode).toBe(0);
    const set = await d1.berth('buildpacks:set-property', app, 'stack', victimImage.tag);
    expect(set.exitCode).toBe(1);
    expect(set.stderr.trim()).toBe(`!     the buildpack stack ${victimImage.tag} is an app image berth built, not a builder: choose a buildpack stack image`);
    expect((await d1.berth('buildpacks:set-property', '--global', 'stack', victimImage.id.slice(7, 19))).stderr).toMatch(/names an image by its id/);
    // A name that pointed nowhere when set, and at the victim's image by the build.
    const alias = `berth-test-alias-${d1.instance}`;
    expect((await d1.berth('buildpacks:set-property', app, 'stack', `${alias}:1`)).exitCode).toBe(0);
    await docker.tagImage(victimImage.tag, alias, '1');
    try {
      const dir = join(await tmpHome(), 'app');
      await copyFixtureApp('buildpack-node', dir);
      const res = await push(d1, dir, app);
      expect(res.exitCode).not.toBe(0);
      expect(res.stderr).toContain(`the buildpack stack ${alias}:1 is an app image berth built`);
    } finally {
      await docker.removeImage(`${alias}:1`);
    }
  });

  test('git:from-image by a tenant: its own image yes, another app\'s or an id no', async () => {
    const app = uniqueApp('tenant');
    expect((await push(d1, await staticApp('tenant\n'), app)).exitCode).toBe(0);
    const key = await sshKeygen();
    expect((await d1.berth('ssh-keys:add', `t-${app}`, key.public, '--apps', app)).exitCode).toBe(0);
    const other = await ssh(key.private, d1.sshPort, ['git:from-image', app, victimImage.tag]);
    expect(other.exitCode).toBe(1);
    expect(other.stderr.trim()).toBe(`!     the image ${victimImage.tag} belongs to another app`);
    const byId = await ssh(key.private, d1.sshPort, ['git:from-image', app, victimImage.id.slice(7, 19)]);
    expect(byId.stderr).toMatch(/names an image by its id/);
    const own = await ssh(key.private, d1.sshPort, ['git:from-image', app, (await imageOf(d1, app)).tag]);
    expect(own.exitCode, own.stderr).toBe(0);
    expect(await served(d1, app)).toBe('tenant\n');
  });
});

describe('buildpack images carry no config', () => {
  test('config reaches the build and the containers, never the image', async () => {
    const stack = 'berth-fixture/herokuish:latest';
    expect((await d1.berth('buildpacks:set-property', '--global', 'stack', stack)).exitCode).toBe(0);
    const app = uniqueApp('noenv');
    const value = `pw-${Date.now()}-'quoted' $HOME`;
    expect((await d1.berth('apps:create', app)).exitCode).toBe(0);
    expect((await d1.berth('config:set', '--no-restart', app, `APP_DB_PASSWORD=${value}`, 'GREETING_STYLE=loud')).exitCode).toBe(0);
    const dir = join(await tmpHome(), 'app');
    await copyFixtureApp('buildpack-node', dir);
    const res = await push(d1, dir, app);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toContain('Build succeeded (GREETING_STYLE=loud)');

    const image = await imageOf(d1, app);
    const facts = await docker.imageFacts(image.tag);
    expect(facts?.env).toEqual((await docker.imageFacts(stack))?.env);
    expect(facts?.labels[LABEL.builder]).toBe('herokuish');
    const metadata = await docker.imageMetadata(image.tag);
    for (const text of ['APP_DB_PASSWORD', 'pw-', 'GREETING_STYLE', 'CACHE_PATH']) expect(metadata).not.toContain(text);
    expect(await docker.readFiles(image.tag, ['/tmp/berth-env/env'], 1 << 20)).toEqual([undefined]);

    const env = JSON.parse((await get(d1.routerPort, `${app}.localhost`, '/env')).body) as Record<string, string>;
    expect(env.APP_DB_PASSWORD).toBe(value);
    // The build's config volume went with the build container; only the cache is left.
    const volumes = await docker.listVolumes(instanceLabels(d1.instance));
    expect(volumes.filter((v) => !v.endsWith('.cache'))).toEqual([]);
    expect(volumes).toContain(cacheVolumeName(d1.instance, app));
  });
});
