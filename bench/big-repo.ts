/** A large generated repo for the context and receive benches: random (incompressible) files, committed and packed. */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function generateRepo(dir: string, files: number, fileBytes: number): Promise<string> {
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `d${Math.floor(i / 500)}`);
    if (i % 500 === 0) await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `f${i}.bin`), randomBytes(fileBytes));
  }
  const env = { GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x' };
  await execa('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  // No automatic gc racing the repack below.
  await execa('git', ['-c', 'gc.auto=0', 'add', '-A'], { cwd: dir });
  await execa('git', ['-c', 'gc.auto=0', 'commit', '-qm', 'big'], { cwd: dir, env });
  // Packed, as a repo that received a push is; a push then sends the stored objects as they are.
  await execa('git', ['-c', 'pack.window=0', 'repack', '-adq'], { cwd: dir });
  return dir;
}
