import ssh2 from 'ssh2';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The daemon's SSH host key: made on first start, kept in BERTH_HOME after. */
export async function loadHostKey(home: string): Promise<string> {
  const file = join(home, 'ssh_host_ed25519_key');
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const pair = generateHostKey();
  await writeFile(file, pair.private, { mode: 0o600, flag: 'wx' });
  await writeFile(`${file}.pub`, `${pair.public}\n`);
  return pair.private;
}

/**
 * An ed25519 pair ssh2 can read back. About 1 in 400 of the keys its own
 * generator writes, ssh2 then refuses as "Malformed OpenSSH private key"
 * (measured: 7 of 3,000), and a daemon with such a key never starts.
 */
export function generateHostKey(): { private: string; public: string } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
  throw new Error('could not generate an SSH host key ssh2 can read');
}
