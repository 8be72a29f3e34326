import { describe, expect, test } from 'vitest';
import { dockerfileRuntime } from '../../../src/build/runtime.js';
import { applyFragment, mergeFragments } from '../../../src/runtime/fragment.js';
import { parseRuntimeOptions } from '../../../src/runtime/options.js';
import { exposedPort, parsePortMap, webPort } from '../../../src/runtime/ports.js';
import { parseMemory, resourcesFragment } from '../../../src/runtime/resources.js';
import { parseMount, storageFragment } from '../../../src/runtime/storage.js';
import { processContainerSpec, webPortOf } from '../../../src/swap/container-spec.js';

describe('storage', () => {
  test('named and legacy mounts', () => {
    expect(parseMount('data', '/app/data')).toEqual({ kind: 'named', source: 'data', containerDir: '/app/data' });
    expect(parseMount('/srv/x:/x', undefined)).toEqual({ kind: 'host', source: '/srv/x', containerDir: '/x' });
    expect(parseMount('vol:/x', undefined)).toEqual({ kind: 'named', source: 'vol', containerDir: '/x' });
    expect(() => parseMount('/srv/../etc:/x', undefined)).toThrow('the host directory must be an absolute path, not /srv/../etc');
    expect(() => parseMount('data', 'rel')).toThrow('--container-dir must be an absolute path, not rel');
    expect(() => parseMount('Bad Name', '/x')).toThrow('invalid storage name Bad Name');
  });

  test('binds under the berth home', () => {
    expect(storageFragment([{ kind: 'named', source: 'd', containerDir: '/d' }, { kind: 'host', source: '/h', containerDir: '/c' }], '/home/b')).toEqual({
      HostConfig: { Binds: ['/home/b/storage/d:/d', '/h:/c'] },
    });
    expect(storageFragment([], '/home/b')).toEqual({});
  });
});

describe('resources', () => {
  test('memory sizes; a bare number is megabytes', () => {
    expect(parseMemory('32')).toBe(32 * 1024 ** 2);
    expect(parseMemory('1g')).toBe(1024 ** 3);
    expect(parseMemory('512mb')).toBe(512 * 1024 ** 2);
    expect(() => parseMemory('lots')).toThrow('invalid memory lots');
    expect(() => parseMemory('1k')).toThrow("below the engine's minimum");
  });

  test('a process type’s own values win over _default_', () => {
    const stored = { 'resource.limit._default_.memory': '64', 'resource.limit.web.memory': '128', 'resource.limit.web.cpu': '0.5', 'resource.reserve._default_.memory': '16', 'resource.reserve.worker.cpu': '1' };
    expect(resourcesFragment(stored, 'web')).toEqual({ HostConfig: { Memory: 128 * 1024 ** 2, NanoCpus: 5e8, MemoryReservation: 16 * 1024 ** 2 } });
    expect(resourcesFragment(stored, 'worker')).toEqual({ HostConfig: { Memory: 64 * 1024 ** 2, MemoryReservation: 16 * 1024 ** 2, CpuShares: 1024 } });
    expect(resourcesFragment({}, 'web')).toEqual({});
  });
});

describe('ports', () => {
  test('mappings, EXPOSE detection and the default', () => {
    expect(parsePortMap('http:80:3000')).toEqual({ scheme: 'http', hostPort: 80, containerPort: 3000 });
    expect(() => parsePortMap('tcp:1:2')).toThrow('invalid port mapping tcp:1:2');
    expect(() => parsePortMap('http:80:99999')).toThrow('invalid container port 99999');
    expect(exposedPort(['3000/tcp'])).toBe(3000);
    expect(exposedPort(['3000/tcp', '4000/tcp'])).toBeUndefined();
    expect(exposedPort(['53/udp'])).toBeUndefined();
    expect(webPort([], ['3000/tcp'])).toBe(3000);
    expect(webPort([parsePortMap('http:80:8080')], ['3000/tcp'])).toBe(8080);
    expect(webPort([], [])).toBe(5000);
  });

  test('the web spec publishes the chosen port on loopback and sets $PORT to it', () => {
    const spec = processContainerSpec({ app: 'a', process: 'web', index: 1, deployId: 2, image: 'i', instance: 'x', env: {}, webPort: 3000, builder: dockerfileRuntime });
    expect(spec.Env).toEqual(['PORT=3000']);
    expect(spec.ExposedPorts).toEqual({ '3000/tcp': {} });
    expect(spec.HostConfig?.PortBindings).toEqual({ '3000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    expect(webPortOf(spec.Labels ?? {})).toBe(3000);
    expect(webPortOf(processContainerSpec({ app: 'a', process: 'web', index: 1, deployId: 2, image: 'i', instance: 'x', env: {}, builder: dockerfileRuntime }).Labels ?? {})).toBe(5000);
  });
});

describe('docker options for deploy and run', () => {
  test('tenants get the allow-list, parsed into a fragment', () => {
    expect(parseRuntimeOptions(['--env A=1 -e B=2', '--label team=x', '--restart on-failure:3', '--log-opt max-size=1m', '--tmpfs /tmp:size=64m', '--ulimit nofile=100:200', '--shm-size 64m', '-m 32m', '--init'], false)).toEqual({
      Env: { A: '1', B: '2' },
      Labels: { team: 'x' },
      HostConfig: {
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } },
        Tmpfs: { '/tmp': 'size=64m' },
        Ulimits: [{ Name: 'nofile', Soft: 100, Hard: 200 }],
        ShmSize: 64 * 1024 ** 2,
        Memory: 32 * 1024 ** 2,
        Init: true,
      },
    });
  });

  test('everything that reaches the host is refused for tenants, one line naming the option', () => {
    for (const opt of ['--privileged', '-v /:/host', '--volume=/etc:/x', '--network host', '--pid host', '--ipc host', '--cap-add SYS_ADMIN', '--device /dev/sda', '--security-opt seccomp=unconfined', '--userns host', '--cgroup-parent x', '--log-driver syslog']) {
      const flag = opt.split(/[ =]/)[0] as string;
      expect(() => parseRuntimeOptions([opt], false)).toThrow(`${flag} is not allowed: it reaches the host or other apps (admins only)`);
    }
    expect(() => parseRuntimeOptions(['--mount type=bind,src=/,dst=/h'], true)).toThrow('--mount is not allowed');
    expect(() => parseRuntimeOptions(['--label berth.app=other'], false)).toThrow("--label berth.app is not allowed: berth.* labels are berth's own");
    expect(() => parseRuntimeOptions(['--frobnicate'], true)).toThrow('unsupported docker option --frobnicate');
  });

  test('admins get the wider set', () => {
    expect(parseRuntimeOptions(['-v /srv:/srv', '--cap-add NET_ADMIN', '--network mynet'], true)).toEqual({ HostConfig: { Binds: ['/srv:/srv'], CapAdd: ['NET_ADMIN'], NetworkMode: 'mynet' } });
  });
});

describe('fragments', () => {
  test('merge joins lists and applies over a spec; berth labels win', () => {
    const f = mergeFragments({ HostConfig: { Binds: ['a:/a'] }, Env: { X: '1' } }, { HostConfig: { Binds: ['b:/b'], Memory: 5 }, Labels: { 'berth.app': 'evil', k: 'v' } }, { networks: { net: ['app', 'app.web'] } });
    const spec = applyFragment({ name: 'c', Env: ['X=0', 'Y=2'], Labels: { 'berth.app': 'app' }, HostConfig: { RestartPolicy: { Name: 'no' } } }, f);
    expect(spec).toEqual({
      name: 'c',
      Env: ['Y=2', 'X=1'],
      Labels: { 'berth.app': 'app', k: 'v' },
      HostConfig: { RestartPolicy: { Name: 'no' }, Binds: ['a:/a', 'b:/b'], Memory: 5, NetworkMode: 'net' },
      NetworkingConfig: { EndpointsConfig: { net: { Aliases: ['app', 'app.web'] } } },
    });
  });
});
