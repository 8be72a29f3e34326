import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { chunkSink, exportBackup } from '../backup/export.js';
import { homeInUse, importBackup } from '../backup/import.js';
import { LIMITS } from '../backup/layout.js';
import { UserError } from '../core/errors.js';
import type { CommandDef } from './types.js';

export const commands: CommandDef[] = [
  {
    name: 'backup:export',
    summary: "Write one archive (tar.gz) of berth's state: database, repos, keys, certificates",
    usage: 'FILE|-',
    appScoped: false,
    minArgs: 1,
    async run({ args, out, err, services, stdoutBytes, cwd }) {
      const target = args[0] as string;
      if (target === '-') {
        if (!stdoutBytes) throw new UserError('this connection cannot carry an archive on stdout; give a FILE');
        const summary = await exportBackup(services, chunkSink(stdoutBytes));
        err.step(`backup written: ${summary.files} files, ${summary.bytes} bytes before compression`);
        return;
      }
      // Written beside the target and renamed: a failed export never leaves half an archive.
      const file = resolve(cwd, target);
      const partial = `${file}.partial`;
      try {
        const summary = await exportBackup(services, createWriteStream(partial, { mode: 0o600 }));
        await rename(partial, file);
        out.step(`backup written to ${file}: ${summary.files} files, ${summary.bytes} bytes before compression`);
      } catch (e) {
        await rm(partial, { force: true });
        throw e;
      }
    },
  },
  {
    name: 'backup:import',
    summary: 'Restore a backup:export archive into this (empty) berth home',
    usage: 'FILE|- [--force]',
    appScoped: false,
    minArgs: 1,
    flags: { force: 'boolean' },
    async run({ args, flags, out, services, readStdin, cwd }) {
      const source = args[0] as string;
      if (homeInUse(services) && !flags.force) {
        throw new UserError(`${services.settings.home} already has apps or credentials; restoring replaces them: add --force`);
      }
      const stream = source === '-' ? Readable.from([await boundedStdin(readStdin)]) : await openFile(resolve(cwd, source));
      const summary = await importBackup(services, stream);
      out.step(`restored ${summary.apps.length} app(s) from ${source === '-' ? 'stdin' : source}: ${summary.apps.join(', ') || 'none'}`);
      out.step('run `berth ps:rebuild --all` to start them; restart the daemon to serve SSH with the restored host key');
    },
  },
];

async function openFile(file: string): Promise<Readable> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UserError(`${file} is not a file berth can read`);
  return createReadStream(file);
}

async function boundedStdin(readStdin: () => Promise<Buffer>): Promise<Buffer> {
  const buf = await readStdin();
  if (buf.length > LIMITS.stdinBytes) throw new UserError(`an archive on stdin may be ${LIMITS.stdinBytes / 1024 ** 2} MiB at most; give a FILE`);
  return buf;
}
