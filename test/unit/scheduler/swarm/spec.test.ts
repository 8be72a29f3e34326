import { describe, expect, test } from 'vitest';
import { dockerfileRuntime, herokuishRuntime } from '../../../../src/build/runtime.js';
import { jobServiceSpec, mountsOf, overlayName, processServiceSpec, resourcesOf, serviceName } from '../../../../src/scheduler/swarm/spec.js';

const IMAGE = '10.0.0.2:5000/berth-abc123/myapp@sha256:00ff';
const base = { instance: 'abc123', app: 'myapp', deployId: 7, image: IMAGE, env: { FOO: 'bar' }, builder: dockerfileRuntime, webPort: 5000, stopTimeoutSeconds: 30 };
const policy = (failure: string) => ({ Parallelism: 1, Delay: 0, Order: 'start-first', FailureAction: failure, Monitor: 5e9, MaxFailureRatio: 0 });

describe('processServiceSpec', () => {
  test('web: replicas, digest, env with $PORT, labels, overlay, host-mode port, start-first updates rolled back on failure', () => {
    const labels = { 'berth.instance': 'abc123', 'berth.app': 'myapp', 'berth.process': 'web', 'berth.deploy': '7' };
    expect(processServiceSpec({ ...base, process: 'web', replicas: 3, command: 'httpd -f' })).toEqual({
      Name: 'berth-abc123-myapp-web-7',
      Labels: labels,
      TaskTemplate: {
        ContainerSpec: { Image: IMAGE, Args: ['/bin/sh', '-c', 'httpd -f'], Env: ['FOO=bar', 'PORT=5000'], Labels: { 'berth.instance': '', 'berth.app': 'myapp', 'berth.process': 'web', 'berth.deploy': '7' }, Mounts: [], StopGracePeriod: 30e9 },
        Resources: { Limits: {}, Reservations: {} },
        RestartPolicy: { Condition: 'on-failure', MaxAttempts: 10 },
        Networks: [{ Target: 'berth-abc123-myapp', Aliases: ['web'] }],
      },
      Mode: { Replicated: { Replicas: 3 } },
      UpdateConfig: policy('rollback'),
      RollbackConfig: policy('pause'),
      EndpointSpec: { Mode: 'dnsrr', Ports: [{ Protocol: 'tcp', TargetPort: 5000, PublishMode: 'host' }] },
    });
  });

  test("a worker publishes nothing, keeps the image's CMD without a command, and takes stop-timeout-seconds", () => {
    const spec = processServiceSpec({ ...base, process: 'worker', replicas: 2, stopTimeoutSeconds: 5 });
    expect(spec.EndpointSpec).toEqual({ Mode: 'dnsrr', Ports: [] });
    expect(spec.TaskTemplate.ContainerSpec.Args).toBeUndefined();
    expect(spec.TaskTemplate.ContainerSpec.Env).toEqual(['FOO=bar']);
    expect(spec.TaskTemplate.ContainerSpec.StopGracePeriod).toBe(5e9);
    expect(spec.Name).toBe('berth-abc123-myapp-worker-7');
  });

  test('a web port other than 5000 is a label; herokuish starts /start web', () => {
    const spec = processServiceSpec({ ...base, process: 'web', replicas: 1, webPort: 8080, builder: herokuishRuntime });
    expect(spec.Labels['berth.port']).toBe('8080');
    expect(spec.TaskTemplate.ContainerSpec.Args).toEqual(['/start', 'web']);
    expect(spec.TaskTemplate.ContainerSpec.Env).toEqual(['FOO=bar', 'PORT=8080']);
    expect(spec.EndpointSpec.Ports).toEqual([{ Protocol: 'tcp', TargetPort: 8080, PublishMode: 'host' }]);
  });

  test("storage, resources, env and labels of the app's runtime; berth's labels win", () => {
    const runtime = { Env: { FOO: 'over' }, Labels: { team: 'a', 'berth.app': 'other' }, HostConfig: { Binds: ['/srv/data:/data', 'cache:/cache:ro'], Memory: 256 * 2 ** 20, NanoCpus: 5e8, MemoryReservation: 2 ** 20 } };
    const spec = processServiceSpec({ ...base, process: 'web', replicas: 1, runtime });
    expect(spec.Labels).toEqual({ team: 'a', 'berth.instance': 'abc123', 'berth.app': 'myapp', 'berth.process': 'web', 'berth.deploy': '7' });
    expect(spec.TaskTemplate.ContainerSpec.Env).toEqual(['FOO=over', 'PORT=5000']);
    expect(spec.TaskTemplate.ContainerSpec.Mounts).toEqual([
      { Type: 'bind', Source: '/srv/data', Target: '/data', ReadOnly: false },
      { Type: 'volume', Source: 'cache', Target: '/cache', ReadOnly: true },
    ]);
    expect(spec.TaskTemplate.Resources).toEqual({ Limits: { MemoryBytes: 256 * 2 ** 20, NanoCPUs: 5e8 }, Reservations: { MemoryBytes: 2 ** 20 } });
  });
});

describe('jobServiceSpec', () => {
  test('a release task: one completion, never restarted, on the overlay, labelled as the deploy\'s task', () => {
    const labels = { 'berth.instance': 'abc123', 'berth.app': 'myapp', 'berth.deploy': '7', 'berth.task': 'release' };
    expect(jobServiceSpec({ ...base, name: 'release', args: dockerfileRuntime.taskCmd('migrate') })).toEqual({
      Name: 'berth-abc123-myapp-release-7',
      Labels: labels,
      TaskTemplate: {
        ContainerSpec: { Image: IMAGE, Args: ['/bin/sh', '-c', 'migrate'], Env: ['FOO=bar'], Labels: { 'berth.instance': '', 'berth.app': 'myapp', 'berth.deploy': '7', 'berth.task': 'release' }, Mounts: [], StopGracePeriod: 10e9 },
        Resources: { Limits: {}, Reservations: {} },
        RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
        Networks: [{ Target: 'berth-abc123-myapp', Aliases: [] }],
      },
      Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
      EndpointSpec: { Mode: 'dnsrr', Ports: [] },
    });
  });
});

test('names: DNS labels for services, the overlay beside the bridge', () => {
  expect(serviceName('abc123', 'my-app', 'web', 12)).toBe('berth-abc123-my-app-web-12');
  expect(overlayName('abc123', 'my-app')).toBe('berth-abc123-my-app');
  expect(mountsOf(undefined)).toEqual([]);
  expect(resourcesOf({})).toEqual({ Limits: {}, Reservations: {} });
});
