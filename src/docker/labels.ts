/**
 * The names and labels of everything berth makes on the engine, in one place.
 * Every name carries the berth home's instance id (kept in its database), so
 * two homes on one engine never touch each other's images, containers,
 * volumes or networks; labels are what berth queries, never parsed names.
 */

/** The label keys berth sets. */
export const LABEL = {
  instance: 'berth.instance',
  app: 'berth.app',
  process: 'berth.process',
  index: 'berth.index',
  deploy: 'berth.deploy',
  rev: 'berth.rev',
  builder: 'berth.builder',
  task: 'berth.task',
  run: 'berth.run',
  scratch: 'berth.scratch',
  /** A web container's port when it is not 5000 (ports:set, EXPOSE). */
  port: 'berth.port',
  cron: 'berth.cron',
  network: 'berth.network',
} as const;

export type Labels = Record<string, string>;

export function instanceLabels(instance: string): Labels {
  return { [LABEL.instance]: instance };
}

export function appLabels(instance: string, app: string): Labels {
  return { ...instanceLabels(instance), [LABEL.app]: app };
}

/**
 * The labels a build gives its image: only what stays the same from one
 * deploy to the next, and as few as will do. Docker's classic builder appends
 * each as a LABEL step after the Dockerfile's, a step with an intermediate
 * container (~140 ms here) whenever a layer before it changed, and a label
 * that changed per deploy would make it uncached on every build. So the
 * deploy and revision live in the tag, the store and the containers' labels,
 * and a Dockerfile image goes without a builder label: berth's labels alone
 * say `dockerfile` (runtime.ts runtimeOfImage). Herokuish images are
 * committed, where labels cost nothing.
 */
export function imageLabels(instance: string, app: string, builder: string): Labels {
  return { ...appLabels(instance, app), ...(builder === 'dockerfile' ? {} : { [LABEL.builder]: builder }) };
}

export function taskLabels(instance: string, app: string, deployId: number, task: string): Labels {
  return { ...appLabels(instance, app), [LABEL.deploy]: String(deployId), [LABEL.task]: task };
}

export function runLabels(instance: string, app: string): Labels {
  return { ...appLabels(instance, app), [LABEL.run]: '1' };
}

export function cronLabels(instance: string, app: string, job: string): Labels {
  return { ...appLabels(instance, app), [LABEL.cron]: job };
}

/** The labels of a deploy's containers (processes and tasks). */
export function deployLabels(instance: string, app: string, deployId: number): Labels {
  return { ...appLabels(instance, app), [LABEL.deploy]: String(deployId) };
}

/** `berth-INSTANCE`: the start of every name one berth home gives an engine object. */
export function namePrefix(instance: string): string {
  return `berth-${instance}`;
}

/** `berth-INSTANCE/APP`: the repository of an app's images. */
export function imageRepo(instance: string, app: string): string {
  return `${namePrefix(instance)}/${app}`;
}

/**
 * `DEPLOY-NONCE`: the tag of a deploy's image. The nonce (random, recorded
 * with the deploy) makes the tag unguessable, so no other app's build can
 * name the image (`FROM berth-…/APP:7` is not enough).
 */
export function imageTagName(deployId: number, nonce: string): string {
  return `${deployId}-${nonce}`;
}

/** `berth-INSTANCE/APP:DEPLOY-NONCE` */
export function imageTag(instance: string, app: string, deployId: number, nonce: string): string {
  return `${imageRepo(instance, app)}:${imageTagName(deployId, nonce)}`;
}

/** The app that owns `tag` in this home (`berth-INSTANCE/APP:…`), if any. */
export function imageTagOwner(tag: string): { instance: string; app: string } | undefined {
  const m = /^berth-([0-9a-f]+)\/([a-z][a-z0-9-]*):[^:/]+$/.exec(tag);
  return m ? { instance: m[1] as string, app: m[2] as string } : undefined;
}

/** `berth-INSTANCE.APP.PROCESS.INDEX.DEPLOY`: a process container. */
export function processContainerName(instance: string, app: string, process: string, index: number, deployId: number): string {
  return `${namePrefix(instance)}.${app}.${process}.${index}.${deployId}`;
}

/** `berth-INSTANCE.APP.TASK.DEPLOY`: a release task (predeploy, release, postdeploy) or the buildpack build. */
export function taskContainerName(instance: string, app: string, task: string, deployId: number): string {
  return `${namePrefix(instance)}.${app}.${task}.${deployId}`;
}

/** `berth-INSTANCE.APP.run.SUFFIX`: a one-off container. */
export function runContainerName(instance: string, app: string, suffix: string): string {
  return `${namePrefix(instance)}.${app}.run.${suffix}`;
}

/** `berth-INSTANCE.APP.cache`: the app's buildpack cache volume. */
export function cacheVolumeName(instance: string, app: string): string {
  return `${namePrefix(instance)}.${app}.cache`;
}

/** `berth-INSTANCE.APP`: the app's own bridge network. */
export function networkName(instance: string, app: string): string {
  return `${namePrefix(instance)}.${app}`;
}

/**
 * `berth.APP.cron.JOB`: one cron job's run. Fixed per job (no instance: it
 * predates instances in names), so the engine refuses a second run at once.
 */
export function cronContainerName(app: string, job: string): string {
  return `berth.${app}.cron.${job}`;
}
