import { describe, expect, test } from 'vitest';
import { dockerfileRuntime } from '../../../src/build/runtime.js';
import { BUILD_WRAPPER, buildEnvFile, herokuishBuildSpec } from '../../../src/build/herokuish.js';
import { taskSpec } from '../../../src/release/tasks.js';

describe('herokuish build container', () => {
  test('no config in its Env or Cmd: the config comes from a file in an anonymous volume', () => {
    const spec = herokuishBuildSpec({ app: 'web', deployId: 4, instance: 'i1', stack: 'stack:1', cacheVolume: 'berth-i1.web.cache', repo: 'berth-i1/web', tag: '4-ff', labels: { 'berth.app': 'web' } });
    expect(spec).toEqual({
      name: 'berth-i1.web.build.4',
      Image: 'stack:1',
      Cmd: ['/bin/sh', '-c', 'set -a; . /tmp/berth-env/env; set +a; exec /build'],
      Labels: { 'berth.app': 'web' },
      HostConfig: {
        NetworkMode: 'berth-i1.web',
        Mounts: [
          { Type: 'volume', Source: 'berth-i1.web.cache', Target: '/cache' },
          { Type: 'volume', Source: '', Target: '/tmp/berth-env', VolumeOptions: { NoCopy: false, Labels: { 'berth.instance': 'i1' }, DriverConfig: { Name: 'local', Options: {} } } },
        ],
        RestartPolicy: { Name: 'no' },
      },
    });
    expect(spec.Env).toBeUndefined();
    expect(BUILD_WRAPPER).not.toMatch(/=/);
  });

  test('the env file quotes every value for sh', () => {
    expect(buildEnvFile({ A: "it's", B: 'x y $HOME `id`' })).toBe(
      "export A='it'\\''s'\nexport B='x y $HOME `id`'\nexport CACHE_PATH='/cache'\nexport USER='herokuishuser'\n",
    );
  });
});

describe('release task container', () => {
  test('runs on the app network, named and labelled by instance', () => {
    expect(taskSpec({ app: 'web', deployId: 4, instance: 'i1', image: 'img', env: { K: 'v' }, name: 'release', command: 'echo hi', builder: dockerfileRuntime })).toEqual({
      name: 'berth-i1.web.release.4',
      Image: 'img',
      Cmd: ['/bin/sh', '-c', 'echo hi'],
      Env: ['K=v'],
      Labels: { 'berth.instance': 'i1', 'berth.app': 'web', 'berth.deploy': '4', 'berth.task': 'release' },
      HostConfig: { NetworkMode: 'berth-i1.web', RestartPolicy: { Name: 'no' } },
    });
  });
});
