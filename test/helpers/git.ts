import { execa } from 'execa';
import { cp } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { repoRoot } from './root.js';

const APPS = join(repoRoot(), 'fixtures', 'apps');

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as git wrote them. */
  all: string;
}

/** Runs the real git CLI; never throws, never prompts. */
export async function git(cwd: string, ...args: string[]): Promise<GitResult> {
  return gitWithEnv({}, cwd, ...args);
}

/** The same, with extra environment (GIT_SSH_COMMAND, …). */
export async function gitWithEnv(env: Record<string, string>, cwd: string, ...args: string[]): Promise<GitResult> {
  const res = await execa('git', args, {
    cwd,
    reject: false,
    stdin: 'ignore',
    all: true,
    env: { GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C', ...env },
  });
  return { exitCode: res.exitCode ?? 1, stdout: String(res.stdout), stderr: String(res.stderr), all: String(res.all) };
}

/** Copies a sample app from fixtures/apps into `dest` as a fresh git repo with one commit. */
export async function copyFixtureApp(name: string, dest: string): Promise<string> {
  await cp(join(APPS, name), dest, { recursive: true });
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['config', 'user.email', 'test@example.com'],
    ['config', 'user.name', 'berth test'],
    ['add', '-A'],
    ['commit', '-qm', `${name} fixture`],
  ]) {
    const res = await git(dest, ...args);
    if (res.exitCode !== 0) throw new Error(`git ${args.join(' ')} failed: ${res.stderr}`);
  }
  return dest;
}

/**
 * A valid app name no other test uses: `<prefix>-<6 hex>`, the prefix
 * lowercased and cut so the whole stays within 30 characters.
 */
export function uniqueApp(prefix: string): string {
  const base = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 23).replace(/-+$/, '');
  const name = `${base}-${randomBytes(3).toString('hex')}`;
  if (!/^[a-z][a-z0-9-]{0,29}$/.test(name)) throw new Error(`uniqueApp: prefix ${JSON.stringify(prefix)} must start with a letter`);
  return name;
}
