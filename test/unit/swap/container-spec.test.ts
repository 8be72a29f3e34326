import { describe, expect, test } from 'vitest';
import { dockerfileRuntime } from '../../../src/build/runtime.js';
import { containerName, processContainerSpec } from '../../../src/swap/container-spec.js';

const base = { builder: dockerfileRuntime, app: 'myapp', index: 1, deployId: 7, image: 'berth-abc123/myapp:7-00ff', instance: 'abc123', env: { FOO: 'bar' } };

describe('processContainerSpec', () => {
  test('a web container publishes $PORT on loopback and is labelled', () => {
    expect(processContainerSpec({ ...base, process: 'web' })).toEqual({
      name: 'berth-abc123.myapp.web.1.7',
      Image: 'berth-abc123/myapp:7-00ff',
      Env: ['FOO=bar', 'PORT=5000'],
      Labels: {
        'berth.instance': 'abc123',
        'berth.app': 'myapp',
        'berth.process': 'web',
        'berth.index': '1',
        'berth.deploy': '7',
      },
      ExposedPorts: { '5000/tcp': {} },
      HostConfig: {
        NetworkMode: 'berth-abc123.myapp',
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 10 },
        PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      },
    });
  });

  test('other processes get no port', () => {
    const spec = processContainerSpec({ ...base, process: 'worker', index: 2 });
    expect(spec.name).toBe(containerName({ instance: 'abc123', app: 'myapp', process: 'worker', index: 2, deployId: 7 }));
    expect(spec.name).toBe('berth-abc123.myapp.worker.2.7');
    expect(spec.Env).toEqual(['FOO=bar']);
    expect(spec.ExposedPorts).toBeUndefined();
    expect(spec.HostConfig).toEqual({ NetworkMode: 'berth-abc123.myapp', RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 10 } });
  });
});
