import type { BuilderRuntime } from '../build/runtime.js';
import type { ContainerSpec, Docker } from '../docker.js';
import { StageError } from '../core/errors.js';
import { networkName, taskContainerName, taskLabels } from '../docker/labels.js';
import type { Output } from '../core/output.js';
import { applyFragment, type SpecFragment } from '../runtime/fragment.js';
import { exitText } from '../runtime/oom.js';

export interface Task {
  app: string;
  deployId: number;
  instance: string;
  image: string;
  env: Record<string, string>;
  /** predeploy, release, postdeploy. */
  name: string;
  command: string;
  /** How the image runs a command (herokuish's /exec, else /bin/sh). */
  builder: BuilderRuntime;
  /** Storage, docker options and networks, as the app's processes get them. */
  runtime?: (process: string) => SpecFragment;
}

/** A throwaway container on the app's network: nothing it writes outlives it. */
export function taskSpec(t: Task): ContainerSpec {
  return applyFragment({
    name: taskContainerName(t.instance, t.app, t.name, t.deployId),
    Image: t.image,
    Cmd: t.builder.taskCmd(t.command),
    Env: Object.entries(t.env).map(([k, v]) => `${k}=${v}`),
    Labels: taskLabels(t.instance, t.app, t.deployId, t.name),
    HostConfig: { NetworkMode: networkName(t.instance, t.app), RestartPolicy: { Name: 'no' } },
  }, t.runtime?.(t.name));
}

/** Runs a release task to the end; a non-zero exit fails the deploy naming it. */
export async function runTask(t: Task, deps: { docker: Docker; out: Output; signal?: AbortSignal }): Promise<void> {
  deps.out.heading(`running ${t.name}: ${t.command}`);
  let oomKilled = false;
  const afterExit = async (id: string) => void (oomKilled = (await deps.docker.containerState(id)).oomKilled);
  const code = await deps.docker.runToCompletion(taskSpec(t), (line) => deps.out.detail(line), deps.signal, { afterExit });
  if (code !== 0) throw new StageError('release', `the ${t.name} task (${t.command}) exited with code ${exitText({ exitCode: code, oomKilled })}`);
}
