import ssh2 from 'ssh2';
import { expect, test } from 'vitest';
import { generateHostKey } from '../../../../src/server/ssh/host-key.js';

// ssh2's own generator writes a key it cannot read about once in 400 times: 2,000 tries meet one almost surely.
test('every host key made is one ssh2 can read back', () => {
  const unreadable = Array.from({ length: 2000 }, () => generateHostKey()).filter((pair) => ssh2.utils.parseKey(pair.private) instanceof Error);
  expect(unreadable).toEqual([]);
});
