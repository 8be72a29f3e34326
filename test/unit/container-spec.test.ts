import { describe, expect, test } from 'vitest';
import { containerName, processContainerSpec } from '../../src/swap/container-spec.js';

const base = { app: 'myapp', index: 1, deployId: 7, image: 'berth/myapp:7', instance: 'abc123', env: { FOO: 'bar' } };

describe('processContainerSpec', () => {
  test('a web container publishes $PORT on loopback and is labelled', () => {
    expect(processContainerSpec({ ...base, process: 'web' })).toEqual({
      name: 'berth.myapp.web.1.7',
      Image: 'berth/myapp:7',
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
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 10 },
        PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      },
    });
  });

  test('other processes get no port', () => {
    const spec = processContainerSpec({ ...base, process: 'worker', index: 2 });
    expect(spec.name).toBe(containerName({ app: 'myapp', process: 'worker', index: 2, deployId: 7 }));
    expect(spec.Env).toEqual(['FOO=bar']);
    expect(spec.ExposedPorts).toBeUndefined();
    expect(spec.HostConfig).toEqual({ RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 10 } });
  });
});
