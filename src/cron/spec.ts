import type { ContainerSpec } from '../docker.js';
import type { BuilderRuntime } from '../build/runtime.js';
import { cronContainerName, cronLabels } from '../docker/labels.js';
import { applyFragment, type SpecFragment } from '../runtime/fragment.js';
import type { CronEntry } from './entries.js';

export interface CronRun {
  app: string;
  instance: string;
  image: string;
  env: Record<string, string>;
  entry: CronEntry;
  builder: BuilderRuntime;
  runtime?: SpecFragment;
}

/**
 * A throwaway container for one run. Its name is fixed per job, so the
 * engine itself refuses a second run of the same job while one is going.
 */
export function cronSpec(r: CronRun): ContainerSpec {
  return applyFragment(
    {
      name: cronContainerName(r.app, r.entry.id),
      Image: r.image,
      Cmd: r.builder.taskCmd(r.entry.command),
      Env: Object.entries(r.env).map(([k, v]) => `${k}=${v}`),
      Labels: cronLabels(r.instance, r.app, r.entry.id),
      HostConfig: { RestartPolicy: { Name: 'no' } },
    },
    r.runtime,
  );
}
