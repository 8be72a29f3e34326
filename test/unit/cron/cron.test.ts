import { describe, expect, test } from 'vitest';
import { dockerfileRuntime } from '../../../src/build/runtime.js';
import { cronId, parseCronEntries } from '../../../src/cron/entries.js';
import { cronSpec } from '../../../src/cron/spec.js';

describe('app.json cron', () => {
  test("Dokku's entries: cron syntax and @names, each with a stable id", () => {
    const entries = parseCronEntries([{ command: 'echo hi', schedule: '*/5 * * * *' }, { command: 'node task.js', schedule: '@daily' }]);
    expect(entries).toEqual([
      { id: cronId('*/5 * * * *', 'echo hi'), command: 'echo hi', schedule: '*/5 * * * *' },
      { id: cronId('@daily', 'node task.js'), command: 'node task.js', schedule: '@daily' },
    ]);
    expect(entries[0]?.id).toMatch(/^[0-9a-f]{10}$/);
  });

  test('bad entries fail naming the field', () => {
    expect(() => parseCronEntries({})).toThrow('app.json: cron must be a list of {command, schedule}');
    expect(() => parseCronEntries([{ schedule: '@daily' }])).toThrow('app.json: cron[0].command must be a command');
    expect(() => parseCronEntries([{ command: 'x', schedule: '61 * * * *' }])).toThrow(/^app.json: cron\[0\].schedule must be a cron schedule \(.*minute/);
    expect(() => parseCronEntries([{ command: 'x', schedule: '* * * * * *' }])).toThrow('use five fields');
  });

  test('the run container is named per job, so the engine refuses a second run at once', () => {
    const entry = { id: 'abc', command: 'echo hi', schedule: '@daily' };
    expect(cronSpec({ app: 'a', instance: 'i', image: 'img', env: { A: '1' }, entry, builder: dockerfileRuntime, runtime: { HostConfig: { Binds: ['/s:/s'] } } })).toEqual({
      name: 'berth.a.cron.abc',
      Image: 'img',
      Cmd: ['/bin/sh', '-c', 'echo hi'],
      Env: ['A=1'],
      Labels: { 'berth.instance': 'i', 'berth.app': 'a', 'berth.cron': 'abc' },
      HostConfig: { RestartPolicy: { Name: 'no' }, Binds: ['/s:/s'] },
    });
  });
});
