import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpHome } from './engine.js';
import { copyFixtureApp, git } from './git.js';

/** The node fixture app as a fresh repo, with extra files written over it and committed. */
export async function nodeApp(files: Record<string, string> = {}): Promise<string> {
  const dir = join(await tmpHome(), 'app');
  await copyFixtureApp('node', dir);
  return commitFiles(dir, files, 'app files');
}

export async function commitFiles(dir: string, files: Record<string, string>, message: string): Promise<string> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-qm', message, '--allow-empty');
  return dir;
}
