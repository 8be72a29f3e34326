import type { BuilderRuntime } from '../build/runtime.js';
import type { ContainerSpec } from '../docker.js';
import { appLabels, LABEL, networkName, processContainerName } from '../docker/labels.js';
import { applyFragment, type SpecFragment } from '../runtime/fragment.js';

/** The port every web process listens on inside its container ($PORT). */
export const WEB_PORT = 5000;

export interface ProcessContainer {
  app: string;
  process: string;
  index: number;
  deployId: number;
  image: string;
  instance: string;
  env: Record<string, string>;
  /** A Procfile command, run by /bin/sh; undefined keeps the image's CMD. */
  command?: string;
  restartPolicy?: { Name: string; MaximumRetryCount?: number };
  /** How the image starts a process (herokuish's `/start PROCESS`, else the Procfile command or CMD). */
  builder: BuilderRuntime;
  /** The web container's port (ports:set, the image's EXPOSE); default WEB_PORT. */
  webPort?: number;
  /** Storage, resources, docker options and networks of this process type. */
  runtime?: (process: string) => SpecFragment;
}

/** The container port a web container listens on, from its labels. */
export function webPortOf(labels: Record<string, string>): number {
  return Number(labels[LABEL.port] ?? WEB_PORT);
}

/** `berth-INSTANCE.APP.PROCESS.INDEX.DEPLOY`: home, app, process, index and deploy at a glance. */
export function containerName(c: Pick<ProcessContainer, 'instance' | 'app' | 'process' | 'index' | 'deployId'>): string {
  return processContainerName(c.instance, c.app, c.process, c.index, c.deployId);
}

export function containerLabels(c: ProcessContainer): Record<string, string> {
  return {
    ...appLabels(c.instance, c.app),
    [LABEL.process]: c.process,
    [LABEL.index]: String(c.index),
    [LABEL.deploy]: String(c.deployId),
  };
}

/**
 * The engine spec of one process container, on the app's own network. Web
 * processes publish $PORT on loopback only (an ephemeral host port) for the
 * router to reach.
 */
export function processContainerSpec(c: ProcessContainer): ContainerSpec {
  const web = c.process === 'web';
  const port = c.webPort ?? WEB_PORT;
  const env = { ...c.env, ...(web ? { PORT: String(port) } : {}) };
  return applyFragment({
    name: containerName(c),
    Image: c.image,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    // A web port other than 5000 is kept on the container, so reconcile and retire find it.
    Labels: { ...containerLabels(c), ...(web && c.webPort ? { [LABEL.port]: String(port) } : {}) },
    ...processCmd(c),
    ...(web ? { ExposedPorts: { [`${port}/tcp`]: {} } } : {}),
    HostConfig: {
      NetworkMode: networkName(c.instance, c.app),
      RestartPolicy: c.restartPolicy ?? { Name: 'on-failure', MaximumRetryCount: 10 },
      ...(web ? { PortBindings: { [`${port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] } } : {}),
    },
  }, c.runtime?.(c.process));
}

function processCmd(c: ProcessContainer): { Cmd?: string[] } {
  const cmd = c.builder.processCmd(c.process, c.command);
  return cmd ? { Cmd: cmd } : {};
}
