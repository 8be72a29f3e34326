/**
 * backup:export from one home, backup:import into a fresh one served by a
 * second daemon, ps:rebuild --all: the app serves again and the old token
 * and key still work.
 */
import { execa } from 'execa';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, describe, expect, test } from 'vitest';
import { commitFiles, nodeApp } from '../helpers/apps.js';
import { CLI, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { git, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';
import { ssh, sshKeygen } from '../helpers/ssh.js';

const daemons: TestDaemon[] = [];
afterAll(async () => {
  for (const d of daemons) await d.stop();
});

async function tarGz(entries: { name: string; body: string; type?: 'file' | 'symlink'; linkname?: string }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type === 'symlink') pack.entry({ name: e.name, type: 'symlink', linkname: e.linkname });
    else pack.entry({ name: e.name }, e.body);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

describe('backups', () => {
  test('export → import into a fresh home → ps:rebuild --all: the app serves, the token pushes, the key logs in', async () => {
    const first = await startDaemon([], { insecureHttp: false });
    daemons.push(first);
    const token = (await first.berth('tokens:create', 'ci')).stdout.trim();
    const key = await sshKeygen();
    expect((await first.berthWithInput(key.publicText, 'ssh-keys:add', 'laptop', '-')).exitCode).toBe(0);
    const app = uniqueApp('backup');
    const dir = await nodeApp();
    const urlOf = (d: TestDaemon) => `http://ci:${token}@127.0.0.1:${d.httpPort}/${app}.git`;
    expect((await git(dir, 'push', urlOf(first), 'main')).exitCode).toBe(0);
    expect((await first.berth('config:set', '--no-restart', app, 'COLOUR=teal')).exitCode).toBe(0);

    // To stdout (binary through the control socket), as `berth backup:export - > FILE` does.
    const exported = await execa('node', [CLI, 'backup:export', '-'], { env: { BERTH_HOME: first.home }, encoding: 'buffer', reject: false });
    expect(exported.exitCode, String(exported.stderr)).toBe(0);
    const file = join(await tmpHome(), 'berth-backup.tar.gz');
    await writeFile(file, exported.stdout);
    // To a file, too: same content apart from timestamps.
    const fileExport = await first.berth('backup:export', join(await tmpHome(), 'second.tar.gz'));
    expect(fileExport.exitCode, fileExport.stderr).toBe(0);
    expect(fileExport.stdout).toMatch(/backup written to .*second\.tar\.gz: \d+ files/);

    const second = await startDaemon([], { insecureHttp: false });
    daemons.push(second);
    const imported = await second.berth('backup:import', file);
    expect(imported.exitCode, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`restored 1 app(s) from ${file}: ${app}`);
    const again = await second.berth('backup:import', file);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('already has apps or credentials; restoring replaces them: add --force');

    // The first daemon goes away with its containers and images: only the backup is left.
    await daemons.shift()?.stop();
    const rebuilt = await second.berth('ps:rebuild', '--all');
    expect(rebuilt.exitCode, rebuilt.stderr + rebuilt.stdout).toBe(0);
    expect((await get(second.routerPort, `${app}.localhost`)).body).toBe('hello from node v1\n');
    expect(JSON.parse((await get(second.routerPort, `${app}.localhost`, '/env')).body)).toMatchObject({ COLOUR: 'teal' });

    await commitFiles(dir, { 'version.txt': 'v2\n' }, 'v2');
    const pushed = await git(dir, 'push', urlOf(second), 'main');
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    expect((await get(second.routerPort, `${app}.localhost`)).body).toBe('hello from node v2\n');
    const listed = await ssh(key.private, second.sshPort, ['apps:list']);
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(app);
    const releases = JSON.parse((await second.berth('releases', app, '--format', 'json')).stdout) as { release: number | null }[];
    expect(releases.map((r) => r.release)).toEqual([1, 2, 3]);
  });

  test('archives that escape the home, hold links or are no backup are refused; nothing is written', async () => {
    const d = await startDaemon();
    daemons.push(d);
    const manifest = { name: 'berth-backup.json', body: JSON.stringify({ format: 1, home: '/x', schema: 6, createdAt: 'now' }) };
    const cases: [Buffer, string][] = [
      [await tarGz([manifest, { name: '../escaped', body: 'x' }]), 'the backup holds an entry berth will not write: "../escaped"'],
      [await tarGz([manifest, { name: 'repos/a.git/link', body: '', type: 'symlink', linkname: '/etc/passwd' }]), 'the backup holds a symlink entry (repos/a.git/link)'],
      [await tarGz([manifest, { name: 'daemon.json', body: '{}' }]), 'the backup holds an entry berth will not write: "daemon.json"'],
      [await tarGz([{ name: 'repos/x', body: 'x' }]), 'the archive is not a berth backup'],
      [Buffer.from('not gzip at all'), 'the backup is not a berth archive (a tar.gz)'],
    ];
    for (const [archive, message] of cases) {
      const file = join(await tmpHome(), 'bad.tar.gz');
      await writeFile(file, archive);
      const res = await d.berth('backup:import', file);
      expect(res.exitCode, res.stderr).toBe(1);
      expect(res.stderr).toContain(message);
      expect(res.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
    await expect(stat(join(d.home, '..', 'escaped'))).rejects.toThrow();
    expect(JSON.parse(await readFile(join(d.home, 'daemon.json'), 'utf8'))).toMatchObject({ instance: d.instance });
    expect((await d.berth('apps:list')).exitCode).toBe(0);
  });
});
