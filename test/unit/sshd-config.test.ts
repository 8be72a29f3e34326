import { describe, expect, test } from 'vitest';
import { authorizedKeyLine, sshdConfigLines } from '../../src/sshd/config.js';
import { encodeFrame, exitFrame, FRAME, frameReader, splitHeader } from '../../src/sshd/frames.js';
import { groupOf } from '../../src/sshd/passwd.js';

const cmd = { node: '/usr/bin/node', cli: '/opt/berth/dist/src/cli.js', socket: '/run/berth/sshd.sock' };

describe('sshd lines', () => {
  test('an authorized_keys line forces the session command with the fingerprint', () => {
    expect(authorizedKeyLine(cmd, { fingerprint: 'SHA256:abc+/D', publicKey: 'ssh-ed25519 AAAAC3', name: 'ci' })).toBe(
      'command="/usr/bin/node /opt/berth/dist/src/cli.js --sshd-socket /run/berth/sshd.sock sshd:session SHA256:abc+/D",restrict,pty ssh-ed25519 AAAAC3 berth:ci',
    );
  });

  test('paths that could break out of command="…" are refused', () => {
    expect(() => authorizedKeyLine({ ...cmd, cli: '/opt/a" b' }, { fingerprint: 'SHA256:a', publicKey: 'x', name: 'n' })).toThrow(/plain absolute paths/);
    expect(() => authorizedKeyLine(cmd, { fingerprint: 'SHA256:a" x', publicKey: 'x', name: 'n' })).toThrow(/bad fingerprint/);
  });

  test('the Match block', () => {
    const lines = sshdConfigLines(cmd, 'dokku');
    expect(lines.slice(1, 5)).toEqual([
      'Match User dokku',
      '    AuthorizedKeysFile none',
      '    AuthorizedKeysCommand /usr/bin/node /opt/berth/dist/src/cli.js --sshd-socket /run/berth/sshd.sock sshd:keys',
      '    AuthorizedKeysCommandUser dokku',
    ]);
    expect(lines).toContain('    PasswordAuthentication no');
    expect(lines).toContain('    AllowTcpForwarding no');
    expect(lines.some((l) => l.includes('ForceCommand'))).toBe(false);
  });
});

describe('bridge frames', () => {
  test('frames survive any chunking', () => {
    const bytes = Buffer.concat([encodeFrame(FRAME.stdout, Buffer.from('pack\0data')), encodeFrame(FRAME.stderr, Buffer.from('err')), exitFrame(3)]);
    const seen: [number, string][] = [];
    const read = frameReader((t, p) => seen.push([t, t === FRAME.exit ? String(p.readUInt32BE(0)) : p.toString('latin1')]));
    for (let i = 0; i < bytes.length; i++) read(bytes.subarray(i, i + 1));
    expect(seen).toEqual([
      [FRAME.stdout, 'pack\0data'],
      [FRAME.stderr, 'err'],
      [FRAME.exit, '3'],
    ]);
  });

  test('the header line is split from what follows', () => {
    const frame = encodeFrame(FRAME.stdin, Buffer.from('x'));
    expect(splitHeader(Buffer.from('{"op":"se'))).toBeUndefined();
    const split = splitHeader(Buffer.concat([Buffer.from('{"op":"session","key":"SHA256:a","command":"apps:list"}\n'), frame]));
    expect(split?.header).toEqual({ op: 'session', key: 'SHA256:a', command: 'apps:list' });
    expect(split?.rest.equals(frame)).toBe(true);
    expect(() => splitHeader(Buffer.from('{"op":"shell"}\n'))).toThrow(/unknown bridge op/);
  });
});

test('groupOf reads the primary group from passwd', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\ndokku:x:998:997::/:/bin/sh\n';
  expect(groupOf(passwd, 'dokku')).toBe(997);
  expect(groupOf(passwd, 'dok')).toBeUndefined();
});
