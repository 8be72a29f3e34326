import { describe, expect, test } from 'vitest';
import { exportVars, parseImport } from '../../../src/commands/config.js';
import { parseArgs, splitGlobalFlags } from '../../../src/commands/dispatch.js';
import { jsonKeys, label, layered, printReport } from '../../../src/commands/report.js';
import type { CommandDef } from '../../../src/commands/types.js';
import { Output } from '../../../src/core/output.js';

function capture(quiet = false): { out: Output; text: () => string } {
  let text = '';
  return { out: new Output([(t) => (text += t)], [(t) => (text += t)], quiet), text: () => text };
}

const fields = { 'ps-restart-policy': 'always', 'ps-global-restart-policy': '', deployed: 'false' };

describe("Dokku's report shape", () => {
  test('text: a heading, then sorted, titled fields padded to 31', () => {
    const { out, text } = capture();
    printReport(out, 'ps', 'web1', fields, 'stdout');
    expect(text()).toBe(
      '=====> web1 ps information\n' +
        `       ${'Deployed:'.padEnd(31)}false\n` +
        `       ${'Ps global restart policy:'.padEnd(31)}\n` +
        `       ${'Ps restart policy:'.padEnd(31)}always\n`,
    );
  });

  test('one --field prints its value alone; an unknown one is refused with the valid list', () => {
    const { out, text } = capture();
    printReport(out, 'ps', 'web1', fields, 'stdout', 'ps-restart-policy');
    expect(text()).toBe('always\n');
    expect(() => printReport(out, 'ps', 'web1', fields, 'stdout', 'ps-nope')).toThrow(
      'Invalid flag passed, valid flags: --deployed, --ps-global-restart-policy, --ps-restart-policy',
    );
  });

  test('json: short and namespaced keys, on one line', () => {
    expect(jsonKeys('ps', fields)).toEqual({ deployed: 'false', 'global-restart-policy': '', 'ps-global-restart-policy': '', 'restart-policy': 'always', 'ps-restart-policy': 'always' });
    const { out, text } = capture();
    printReport(out, 'ps', 'web1', { 'ps-x': '1' }, 'json');
    expect(text()).toBe('{"x":"1","ps-x":"1"}\n');
  });

  test('layered properties: app, global, computed', () => {
    expect(layered('checks', 'wait-to-retire', undefined, '90', '60')).toEqual({ 'checks-wait-to-retire': '', 'checks-global-wait-to-retire': '90', 'checks-computed-wait-to-retire': '90' });
    expect(layered('checks', 'wait-to-retire', '5', '90', '60')['checks-computed-wait-to-retire']).toBe('5');
    expect(label('resource-_default_.limit.memory')).toBe('Resource _default_ limit memory');
  });

  test('--quiet keeps data lines and drops steps and headings', () => {
    const { out, text } = capture(true);
    out.step('Scaling');
    out.heading('My Apps');
    out.line('app1');
    out.error('bad');
    expect(text()).toBe('app1\n !     bad\n');
  });
});

describe('global flags and report fields in argv', () => {
  test("Dokku's global flags before the command, --app among them", () => {
    expect(splitGlobalFlags(['--quiet', '--app', 'web1', 'config:get', 'K'])).toEqual({ global: ['--quiet'], app: 'web1', command: ['config:get', 'K'] });
    expect(splitGlobalFlags(['--app=web1', 'config:show'])).toEqual({ global: [], app: 'web1', command: ['config:show'] });
    expect(splitGlobalFlags(['config:show', '--app', 'x'])).toEqual({ global: [], app: undefined, command: ['config:show', '--app', 'x'] });
  });

  test('a report takes one unknown --field as the value to print; other commands refuse it', () => {
    const report = { name: 'ps:report', usage: 'APP', appScoped: true, report: true, flags: { format: 'string' } } as unknown as CommandDef;
    expect(parseArgs(report, ['web1', '--ps-restart-policy'])).toEqual({ args: ['web1'], flags: { info: 'ps-restart-policy' } });
    const plain = { name: 'ps:set', usage: 'APP', appScoped: true } as unknown as CommandDef;
    expect(() => parseArgs(plain, ['web1', '--ps-restart-policy'])).toThrow('unknown flag --ps-restart-policy for ps:set');
  });
});

describe('config export and import formats', () => {
  const vars = { BKEY: 'true', aKey: "it's" };
  test.each([
    ['exports', `export BKEY='true'\nexport aKey='it'\\''s'`],
    ['shell', `BKEY='true' aKey='it'\\''s' `],
    ['docker-args', `--env=BKEY='true' --env=aKey='it'\\''s'`],
    ['docker-args-keys', '--env=BKEY --env=aKey'],
    ['json', `{"BKEY":"true","aKey":"it's"}`],
    ['json-list', `[{"name":"BKEY","value":"true"},{"name":"aKey","value":"it's"}]`],
    ['envfile', `BKEY="true"\naKey="it's"`],
  ])('%s', (format, text) => {
    expect(exportVars(vars, format)).toBe(text);
  });

  test('an unknown format is refused', () => {
    expect(() => exportVars(vars, 'yaml')).toThrow('Unknown export format: yaml');
  });

  test('env files (exports, quotes, comments) and JSON objects import', () => {
    expect(parseImport('# c\nexport A=1\nB="two words"\n\nC=x=y\n', 'envfile')).toEqual({ A: '1', B: 'two words', C: 'x=y' });
    expect(parseImport('{"A":"1","N":2}', 'json')).toEqual({ A: '1', N: '2' });
    expect(() => parseImport('[1]', 'json')).toThrow('one object');
    expect(() => parseImport('A=1', 'xml')).toThrow('Invalid format specified: xml');
  });
});
