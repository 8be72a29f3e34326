import { describe, expect, test } from 'vitest';
import { ProcessError, userMessage, withoutPaths } from '../../../src/core/errors.js';

describe('no server paths in what users see', () => {
  test.each([
    ["fatal: '/tmp/berth-test-x/repos/app2.git' does not appear to be a git repository", "fatal: 'app2.git' does not appear to be a git repository"],
    ['Unable to create /var/lib/berth/repos/a.git/refs/heads/x.lock: File name too long', 'Unable to create x.lock: File name too long'],
    ['unable to access https://example.com/a.git/: 404', 'unable to access https://example.com/a.git/: 404'],
    ['EACCES: permission denied, open "/srv/berth/x"', 'EACCES: permission denied, open "x"'],
    ['a ./relative/path and a / alone', 'a ./relative/path and a / alone'],
  ])('%s', (text, expected) => {
    expect(withoutPaths(text)).toBe(expected);
  });

  test('process errors and internal errors are scrubbed', () => {
    expect(new ProcessError('git fetch', 128, "fatal: '/home/berth/repos/x.git' not found\n").message).toBe("git fetch failed with exit code 128: fatal: 'x.git' not found");
    expect(userMessage(new Error("ENOENT: no such file or directory, mkdtemp '/tmp/berth-archive-XXXXXX'"))).toBe(
      "internal error: ENOENT: no such file or directory, mkdtemp 'berth-archive-XXXXXX' (this is a bug in berth)",
    );
  });
});
