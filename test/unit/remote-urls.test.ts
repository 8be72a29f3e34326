import { describe, expect, test } from 'vitest';
import { checkRemoteUrl } from '../../src/remote-urls.js';

describe('checkRemoteUrl', () => {
  test.each(['https://example.com/a.git', 'git@example.com:a.git', 'ssh://git@host/a', '/srv/git/a.git', 'file:///srv/git/a.git'])('%s is allowed', (url) => {
    expect(() => checkRemoteUrl(url, '/var/lib/berth')).not.toThrow();
  });

  test.each(['/var/lib/berth/repos/other.git', 'file:///var/lib/berth/repos/other.git', '/var/lib/berth/../berth/repos/x.git'])('%s points into berth home', (url) => {
    expect(() => checkRemoteUrl(url, '/var/lib/berth')).toThrow("cannot fetch from berth's own repositories");
  });
});
