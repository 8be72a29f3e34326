import { describe, expect, test } from 'vitest';
import { checkSchedulerName, selectedScheduler } from '../../../src/scheduler/index.js';
import { instanceOf } from '../../../src/scheduler/docker-local.js';
import { oneOffSpec } from '../../../src/scheduler/one-off-spec.js';

describe('scheduler selection', () => {
  test("the app's choice, else the global one, else docker-local", () => {
    expect(selectedScheduler('a', { app: 'x', global: 'y' })).toBe('x');
    expect(selectedScheduler('a', { app: '', global: 'y' })).toBe('y');
    expect(selectedScheduler('a', {})).toBe('docker-local');
    expect(selectedScheduler(undefined, { app: 'x' })).toBe('docker-local');
  });

  test('docker-local and swarm are known', () => {
    expect(() => checkSchedulerName('docker-local')).not.toThrow();
    expect(() => checkSchedulerName('swarm')).not.toThrow();
    expect(() => checkSchedulerName('k3s')).toThrow('unknown scheduler k3s (docker-local, swarm)');
  });
});

describe('docker-local values', () => {
  test('a one-off container: argv, app network, run labels, the runtime fragment last', () => {
    const run = { app: 'shop', image: { tag: 'berth-i1/shop:3-ff' }, env: { A: '1' }, command: ['ls', '-l'], runtime: { Env: { B: '2' }, HostConfig: { Memory: 64 } } };
    expect(oneOffSpec('i1', run, { suffix: 'a1b2c3', detached: true })).toEqual({
      name: 'berth-i1.shop.run.a1b2c3',
      Image: 'berth-i1/shop:3-ff',
      Cmd: ['ls', '-l'],
      Env: ['A=1', 'B=2'],
      Labels: { 'berth.instance': 'i1', 'berth.app': 'shop', 'berth.run': '1' },
      HostConfig: { NetworkMode: 'berth-i1.shop', AutoRemove: true, RestartPolicy: { Name: 'no' }, Memory: 64 },
    });
    expect(oneOffSpec('i1', { ...run, image: { tag: 't', digest: 'reg/shop@sha256:00' } }, { suffix: 'x', detached: false }).Image).toBe('reg/shop@sha256:00');
  });

  test('an instance from a process container', () => {
    const c = { id: 'c1', name: 'berth-i1.shop.web.2.9', state: 'running', labels: { 'berth.process': 'web', 'berth.index': '2', 'berth.deploy': '9' } };
    expect(instanceOf(c as never)).toEqual({ id: 'c1', name: 'berth-i1.shop.web.2.9', process: 'web', index: 2, deployId: 9, state: 'running', node: 'local' });
  });
});
