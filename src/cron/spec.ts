import type { ContainerSpec } from '../docker.js';
import { instanceLabels } from '../labels.js';
import { applyFragment, type SpecFragment } from '../runtime/fragment.js';
import type { CronEntry } from './entries.js';

export interface CronRun {
  app: string;
  instance: string;
  image: string;
  env: Record<string, string>;
  entry: CronEntry;
  herokuish: boolean;
  runtime?: SpecFragment;
}

/**
 * A throwaway container for one run. Its name is fixed per job, so the
 * engine itself refuses a second run of the same job while one is going.
 */
export function cronSpec(r: CronRun): ContainerSpec {
  return applyFragment(
    {
      name: `berth.${r.app}.cron.${r.entry.id}`,
      Image: r.image,
      Cmd: r.herokuish ? ['/exec', 'sh', '-c', r.entry.command] : ['/bin/sh', '-c', r.entry.command],
      Env: Object.entries(r.env).map(([k, v]) => `${k}=${v}`),
      Labels: { ...instanceLabels(r.instance), 'berth.app': r.app, 'berth.cron': r.entry.id },
      HostConfig: { RestartPolicy: { Name: 'no' } },
    },
    r.runtime,
  );
}
