import { describe, expect, test } from 'vitest';
import { imageRefusal } from '../../../src/build/image-policy.js';
import type { ImageFacts } from '../../../src/docker.js';

const me = { instance: 'aaa111', app: 'web' };
const image = (over: Partial<ImageFacts>): ImageFacts => ({ id: 'sha256:0123abcd', repoTags: [], labels: {}, env: [], ...over });
const berthImage = (instance: string, app: string) =>
  image({ repoTags: [`berth-${instance}/${app}:3-ff`], labels: { 'berth.instance': instance, 'berth.app': app } });

describe('imageRefusal', () => {
  test('public and base images pass for every use', () => {
    for (const use of ['from', 'stack', 'deploy'] as const) expect(imageRefusal('busybox', image({ repoTags: ['busybox:latest'] }), me, use)).toBeUndefined();
  });

  test("the app's own image may be built from and deployed, never be a stack", () => {
    expect(imageRefusal('berth-aaa111/web:3-ff', berthImage('aaa111', 'web'), me, 'from')).toBeUndefined();
    expect(imageRefusal('berth-aaa111/web:3-ff', berthImage('aaa111', 'web'), me, 'deploy')).toBeUndefined();
    expect(imageRefusal('berth-aaa111/web:3-ff', berthImage('aaa111', 'web'), me, 'stack')).toBe(
      'the buildpack stack berth-aaa111/web:3-ff is an app image berth built, not a builder: choose a buildpack stack image',
    );
  });

  test("another app's image is refused, labelled or only tagged", () => {
    expect(imageRefusal('berth-aaa111/api:3-ff', berthImage('aaa111', 'api'), me, 'from')).toBe('the Dockerfile image berth-aaa111/api:3-ff belongs to another app');
    expect(imageRefusal('x', image({ repoTags: ['berth-aaa111/api:3-ff', 'x:latest'] }), me, 'deploy')).toBe('the image x belongs to another app');
    expect(imageRefusal('x', image({ labels: { 'berth.app': 'api' } }), me, 'stack')).toMatch(/is an app image berth built/);
  });

  test("another home's image is refused, even under the same app name", () => {
    expect(imageRefusal('berth-bbb222/web:3-ff', berthImage('bbb222', 'web'), me, 'from')).toBe('the Dockerfile image berth-bbb222/web:3-ff belongs to another berth home');
  });

  test('a renamed app still owns the images tagged in its repository', () => {
    const renamed = image({ repoTags: ['berth-aaa111/web:3-ff'], labels: { 'berth.instance': 'aaa111', 'berth.app': 'old-name' } });
    expect(imageRefusal('berth-aaa111/web:3-ff', renamed, me, 'from')).toBeUndefined();
  });

  test('an image id or id prefix is refused: it reaches untagged build layers', () => {
    const layer = image({ id: 'sha256:0123abcdef' });
    expect(imageRefusal('0123ab', layer, me, 'from')).toBe('the Dockerfile image 0123ab names an image by its id: name it by repository and tag');
    expect(imageRefusal('sha256:0123abcdef', layer, me, 'deploy')).toMatch(/by its id/);
    expect(imageRefusal('0123ab', layer, me, 'stack')).toMatch(/by its id/);
    // A repository that happens to look like hex is a name.
    expect(imageRefusal('beef', image({ id: 'sha256:beef00', repoTags: ['beef:latest'] }), me, 'from')).toBeUndefined();
  });
});
