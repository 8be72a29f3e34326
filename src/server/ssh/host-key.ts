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
  const pair = ssh2.utils.generateKeyPairSync('ed25519');
  await writeFile(file, pair.private, { mode: 0o600, flag: 'wx' });
  await writeFile(`${file}.pub`, `${pair.public}\n`);
  return pair.private;
}
