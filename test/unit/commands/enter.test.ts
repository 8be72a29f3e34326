import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { remoteTerminal, terminalSize } from '../../../src/commands/attachment.js';
import { execSpec, pick, SHELL } from '../../../src/commands/enter.js';
import { streamStdin, terminalRequest } from '../../../src/control/local-terminal.js';
import type { Instance } from '../../../src/scheduler/types.js';
import { crlf } from '../../../src/server/ssh/session.js';
import { FRAME, frameReader, readSize, resizeFrame } from '../../../src/sshd/frames.js';

const container = (process: string, index: number): Instance => ({ id: `${process}${index}`, name: '', process, index, deployId: 3, state: 'running', node: 'local' });
const running = [container('worker', 1), container('web', 2), container('web', 1)];

describe('enter', () => {
  test('the exec: a shell with a TTY and TERM on a terminal; CMD as given without one', () => {
    expect(execSpec([], { term: 'xterm-256color' })).toEqual({ Cmd: SHELL, Env: ['TERM=xterm-256color'], Tty: true, AttachStdin: true, AttachStdout: true, AttachStderr: true });
    expect(execSpec(['cat'], undefined)).toEqual({ Cmd: ['cat'], Env: [], Tty: false, AttachStdin: true, AttachStdout: true, AttachStderr: true });
  });

  test('the shell is bash when the image has it, else sh', () => {
    expect(SHELL).toEqual(['/bin/sh', '-c', 'if [ -x /bin/bash ]; then exec /bin/bash; fi; exec /bin/sh']);
  });

  test('which container: PROCESS[.N], else web.1, else the first', () => {
    expect(pick(running, [])).toEqual({ instance: running[2], command: [] });
    expect(pick(running, ['web.2', 'ls', '-l'])).toEqual({ instance: running[1], command: ['ls', '-l'] });
    expect(pick(running, ['worker'])).toEqual({ instance: running[0], command: [] });
    expect(pick(running, ['ls'])).toEqual({ instance: running[2], command: ['ls'] });
    expect(pick([running[0] as Instance], ['ls'])).toEqual({ instance: running[0], command: ['ls'] });
    expect(() => pick(running, ['web.3'])).toThrow('no running container web.3');
    expect(() => pick([], [])).toThrow('the app has no running containers');
  });
});

describe('terminals', () => {
  test('sizes a terminal cannot have are refused', () => {
    expect(terminalSize(30, 100)).toEqual({ rows: 30, cols: 100 });
    expect([terminalSize(0, 80), terminalSize(24, -1), terminalSize(24.5, 80), terminalSize('24', 80), terminalSize(24, 10_001)]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  test('a remote terminal keeps its size and tells listeners of changes; an odd TERM becomes xterm', () => {
    const { terminal, resize } = remoteTerminal({ rows: 24, cols: 80 }, 'screen');
    const seen: unknown[] = [];
    const stop = terminal.onResize((size) => seen.push(size));
    resize({ rows: 40, cols: 120 });
    stop();
    resize({ rows: 50, cols: 150 });
    expect(seen).toEqual([{ rows: 40, cols: 120 }]);
    expect(terminal.size).toEqual({ rows: 50, cols: 150 });
    expect(terminal.term).toBe('screen');
    expect(remoteTerminal({ rows: 1, cols: 1 }, 'x"; rm').terminal.term).toBe('xterm');
    expect(remoteTerminal({ rows: 1, cols: 1 }, '').terminal.term).toBe('xterm');
  });

  test('a terminal is asked for only when stdin is one', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, rows: 33, columns: 99 });
    expect(terminalRequest(tty, tty, 'vt100')).toEqual({ rows: 33, cols: 99, term: 'vt100' });
    expect(terminalRequest(tty, new PassThrough(), undefined)).toEqual({ rows: 24, cols: 80, term: 'xterm' });
    expect(terminalRequest(new PassThrough(), tty, 'vt100')).toBeUndefined();
  });

  test('streaming stdin: raw while attached, restored by stop; data, end and window changes reach the sink', async () => {
    const modes: boolean[] = [];
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (raw: boolean) => modes.push(raw) });
    const stdout = Object.assign(new PassThrough(), { isTTY: true, rows: 10, columns: 20 });
    const events: unknown[] = [];
    const stop = streamStdin(stdin, stdout, { data: (b) => events.push(b.toString()), end: () => events.push('end'), resize: (s) => events.push(s) });
    stdin.write('ls\r');
    stdout.emit('resize');
    stdin.end();
    await new Promise((r) => setImmediate(r));
    stop();
    stop();
    expect(events).toEqual(['ls\r', { rows: 10, cols: 20 }, 'end']);
    expect(modes).toEqual([true, false]);
  });

  test('berth\'s own lines get \\r\\n on a raw terminal', () => {
    expect(crlf('a\nb\r\nc')).toBe('a\r\nb\r\nc');
  });

  test('a resize frame carries rows and columns', () => {
    const seen: [number, unknown][] = [];
    frameReader((type, payload) => seen.push([type, readSize(payload)]))(resizeFrame({ rows: 40, cols: 120 }));
    expect(seen).toEqual([[FRAME.resize, { rows: 40, cols: 120 }]]);
    expect(readSize(Buffer.alloc(3))).toBeUndefined();
  });
});
