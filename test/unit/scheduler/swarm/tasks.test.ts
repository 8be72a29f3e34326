import { describe, expect, test } from 'vitest';
import { instancesOf, jobOutcome, nodeAddress, routable, updateOutcome, type SwarmNode, type SwarmTask } from '../../../../src/scheduler/swarm/tasks.js';

const nodes: SwarmNode[] = [
  { ID: 'n1', Description: { Hostname: 'lab-n1' }, Status: { State: 'ready', Addr: '0.0.0.0' }, ManagerStatus: { Addr: '10.0.0.11:2377' } },
  { ID: 'n2', Description: { Hostname: 'lab-n2' }, Status: { State: 'ready', Addr: '10.0.0.12' } },
  { ID: 'n3', Description: { Hostname: 'lab-n3' }, Status: { State: 'down', Addr: '10.0.0.13' } },
];
const labels = (process: string, extra: Record<string, string> = {}) => ({ 'berth.app': 'myapp', 'berth.process': process, 'berth.deploy': '7', ...extra });
const task = (id: string, node: string, slot: number, state: string, more: Partial<SwarmTask> = {}): SwarmTask => ({
  ID: id,
  NodeID: node,
  Slot: slot,
  DesiredState: 'running',
  Spec: { ContainerSpec: { Labels: labels('web') } },
  Status: { State: state, PortStatus: { Ports: [{ TargetPort: 5000, PublishedPort: 30000 + slot, PublishMode: 'host' }] } },
  ...more,
});

describe('instancesOf and routable', () => {
  test('web tasks get their node address and host port; only running tasks on ready nodes are routable', () => {
    const tasks = [
      task('t2', 'n2', 2, 'running'),
      task('t1', 'n1', 1, 'running'),
      task('t3', 'n3', 3, 'running'),
      task('t4', 'n2', 4, 'starting'),
      task('t5', 'n2', 5, 'shutdown', { DesiredState: 'shutdown' }),
    ];
    const all = instancesOf(tasks, nodes);
    expect(all).toEqual([
      { id: 't1', name: 'myapp.web.1', process: 'web', index: 1, deployId: 7, state: 'running', node: 'lab-n1', endpoint: { host: '10.0.0.11', port: 30001 } },
      { id: 't2', name: 'myapp.web.2', process: 'web', index: 2, deployId: 7, state: 'running', node: 'lab-n2', endpoint: { host: '10.0.0.12', port: 30002 } },
      { id: 't3', name: 'myapp.web.3', process: 'web', index: 3, deployId: 7, state: 'node-down', node: 'lab-n3', endpoint: { host: '10.0.0.13', port: 30003 } },
      { id: 't4', name: 'myapp.web.4', process: 'web', index: 4, deployId: 7, state: 'starting', node: 'lab-n2', endpoint: { host: '10.0.0.12', port: 30004 } },
    ]);
    expect(routable(all).map((i) => i.id)).toEqual(['t1', 't2']);
  });

  test('a web port other than 5000 is read from the label; workers have no endpoint', () => {
    const web = task('w', 'n2', 1, 'running', { Spec: { ContainerSpec: { Labels: labels('web', { 'berth.port': '8080' }) } }, Status: { State: 'running', PortStatus: { Ports: [{ TargetPort: 8080, PublishedPort: 31000 }] } } });
    const worker = task('k', 'n2', 1, 'running', { Spec: { ContainerSpec: { Labels: labels('worker') } }, Status: { State: 'running' } });
    const [w, k] = instancesOf([web, worker], nodes);
    expect(w?.endpoint).toEqual({ host: '10.0.0.12', port: 31000 });
    expect(k?.endpoint).toBeUndefined();
    expect(routable([k!, w!]).map((i) => i.id)).toEqual(['w']);
  });

  test('node addresses', () => {
    expect(nodes.map(nodeAddress)).toEqual(['10.0.0.11', '10.0.0.12', '10.0.0.13']);
    expect(nodeAddress({ ID: 'x' })).toBeUndefined();
  });
});

describe('jobOutcome', () => {
  const job = (state: string, status: NonNullable<SwarmTask['Status']> = {}): SwarmTask => ({ ID: 'j', DesiredState: 'complete', Status: { State: state, ...status } });
  test('running, complete, failed with its exit code, rejected with its reason', () => {
    expect(jobOutcome([])).toEqual({ done: false });
    expect(jobOutcome([job('running')])).toEqual({ done: false });
    expect(jobOutcome([job('complete', { ContainerStatus: { ExitCode: 0 } })])).toEqual({ done: true, exitCode: 0 });
    expect(jobOutcome([job('failed', { ContainerStatus: { ExitCode: 3 }, Err: 'task: non-zero exit (3)' })])).toEqual({ done: true, exitCode: 3, reason: 'task: non-zero exit (3)' });
    expect(jobOutcome([job('rejected', { Err: 'No such image' })])).toEqual({ done: true, exitCode: 1, reason: 'No such image' });
  });
});

describe('updateOutcome', () => {
  test('only completed is done; a rollback, even converged, is a failure', () => {
    expect(updateOutcome(undefined)).toBe('done');
    expect(updateOutcome({ State: 'completed', Message: 'update completed' })).toBe('done');
    expect(updateOutcome({ State: 'updating' })).toBe('pending');
    expect(updateOutcome({ State: 'rollback_completed', Message: 'rollback completed' })).toEqual({ failed: 'rollback completed: rollback completed' });
    expect(updateOutcome({ State: 'rollback_started', Message: 'update rolled back due to failure or early termination of task x' })).toEqual({ failed: 'rollback started: update rolled back due to failure or early termination of task x' });
    expect(updateOutcome({ State: 'paused', Message: 'update paused due to failure' })).toEqual({ failed: 'paused: update paused due to failure' });
  });
});
