import type { ContainerSpec } from '../docker.js';
import { appLabels, LABEL, networkName, processContainerName } from '../labels.js';

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
  /** Buildpack images start every process with herokuish's `/start PROCESS`. */
  herokuish?: boolean;
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
  const env = { ...c.env, ...(web ? { PORT: String(WEB_PORT) } : {}) };
  return {
    name: containerName(c),
    Image: c.image,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: containerLabels(c),
    ...processCmd(c),
    ...(web ? { ExposedPorts: { [`${WEB_PORT}/tcp`]: {} } } : {}),
    HostConfig: {
      NetworkMode: networkName(c.instance, c.app),
      RestartPolicy: c.restartPolicy ?? { Name: 'on-failure', MaximumRetryCount: 10 },
      ...(web ? { PortBindings: { [`${WEB_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] } } : {}),
    },
  };
}

function processCmd(c: ProcessContainer): { Cmd?: string[] } {
  if (c.herokuish) return { Cmd: ['/start', c.process] };
  return c.command ? { Cmd: ['/bin/sh', '-c', c.command] } : {};
}
