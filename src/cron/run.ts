/** One run of a cron job: the current release's image, the app's config and storage; output kept in logs/APP/cron.log. */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentDeploy } from '../deploy/redeploy.js';
import { UserError } from '../core/errors.js';
import { runtimeOfImage } from '../build/runtime.js';
import { cronLabels } from '../docker/labels.js';
import { paths } from '../core/paths.js';
import { appRuntime } from '../runtime/index.js';
import { exitText } from '../runtime/oom.js';
import type { Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import type { CronEntry } from './entries.js';
import { cronSpec } from './spec.js';
import { SETTING } from '../store/setting-keys.js';

export function cronLog(home: string, app: string): string {
  return join(paths.logs(home, app), 'cron.log');
}

export function cronEntries(s: Services, app: string): CronEntry[] {
  return JSON.parse(s.store.settings.get(app, SETTING.cronEntries) ?? '[]') as CronEntry[];
}

export function suspendedJobs(s: Services, app: string): string[] {
  return (s.store.settings.get(app, SETTING.cronSuspended) ?? '').split(',').filter(Boolean);
}

export function findEntry(s: Services, app: string, id: string): CronEntry {
  const entry = cronEntries(s, app).find((e) => e.id === id);
  if (!entry) throw new UserError(`app ${app} has no cron job ${id} (see cron:list ${app})`);
  return entry;
}

/** Runs the job to its end; resolves with its exit code. `onLine` also gets its output. */
export async function runCron(s: Services, app: string, entry: CronEntry, trigger: string, onLine: (line: string) => void = () => undefined, signal?: AbortSignal): Promise<number> {
  const deploy = currentDeploy(s, app);
  const image = deploy.image as string;
  const builder = runtimeOfImage((await s.docker.imageConfig(image)).labels);
  const env = { ...s.store.config.all(GLOBAL), ...s.store.config.all(app), GIT_REV: deploy.rev, SOURCE_VERSION: deploy.rev };
  const spec = cronSpec({ app, instance: s.store.instance, image, env, entry, builder, runtime: appRuntime(s, app, 'run')('cron') });
  const file = cronLog(s.settings.home, app);
  await mkdir(paths.logs(s.settings.home, app), { recursive: true });
  let pending = Promise.resolve();
  const log = (text: string) => (pending = pending.then(() => appendFile(file, `${new Date().toISOString()} ${app}[cron.${entry.id}]: ${text}\n`)).catch(() => undefined));
  await clearStale(s, app, entry.id);
  let oom = false;
  let code: number;
  try {
    code = await s.docker.runToCompletion(spec, (line) => (log(line), onLine(line)), signal, { afterExit: async (id) => void (oom = (await s.docker.containerState(id)).oomKilled) });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 409) throw new UserError(`cron job ${entry.id} of ${app} is already running`, { cause: err });
    throw err;
  }
  log(`run (${trigger}) of ${entry.command} exited with code ${exitText({ exitCode: code, oomKilled: oom })}`);
  await pending;
  s.log({ event: 'cron-ran', app, job: entry.id, trigger, exitCode: code, oomKilled: oom });
  return code;
}

// A run the daemon did not see to its end (it stopped mid-run) leaves its container: remove it once it has exited.
async function clearStale(s: Services, app: string, id: string): Promise<void> {
  const left = await s.docker.listContainers(cronLabels(s.store.instance, app, id));
  for (const c of left.filter((x) => x.state === 'exited' || x.state === 'dead')) await s.docker.removeContainer(c.id);
}

/** The last `lines` lines of the app's cron log. */
export async function cronLogTail(home: string, app: string, lines: number): Promise<string[]> {
  const text = await readFile(cronLog(home, app), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).slice(-lines);
}
