/**
 * The scheduler seam: how the pipeline and the commands run an app's
 * containers, whatever runs them. `docker-local` (this host's engine) is the
 * one implementation today; the interface speaks in berth's terms (releases,
 * process plans, tasks, instances), never in one engine's container specs, so
 * a cluster scheduler (Docker Swarm: services, tasks placed on other nodes,
 * images pulled from a registry by digest, instances that move) can stand
 * behind it too. Each implementation builds its own engine objects from these
 * values with pure functions of its own.
 */
import type { BuilderRuntime } from '../build/runtime.js';
import type { ExecSession, ExecSpec, ExecStreams, TerminalSize } from '../docker/exec.js';
import type { Output } from '../core/output.js';
import type { SpecFragment } from '../runtime/fragment.js';
import type { ProcessPlan, SwapSettings } from '../swap/plan.js';

/**
 * An image as the build left it: a tag on the building engine. A scheduler
 * whose instances run elsewhere pushes it and deploys by `digest`, which it
 * fills in itself (`prepareImage`).
 */
export interface ImageRef {
  tag: string;
  digest?: string;
}

/** What every container of one deploy shares. */
export interface Workload {
  app: string;
  deployId: number;
  image: ImageRef;
  env: Record<string, string>;
  /** How the image starts processes and runs tasks. */
  builder: BuilderRuntime;
  /** Storage, resources, docker options and networks per process type (or task name). */
  runtime: (process: string) => SpecFragment;
}

/** A release to start: its processes, how many of each, how they are checked. */
export interface ReleaseRun extends Workload {
  processes: ProcessPlan[];
  settings: SwapSettings;
  /** The container port web listens on ($PORT). */
  webPort: number;
  /** Runs between create and start of one instance (network:set attach-post-create). */
  afterCreate?: (id: string, process: string) => Promise<void>;
}

/** A release task (predeploy, release, postdeploy): runs once to its end. */
export interface TaskRun extends Workload {
  name: string;
  command: string;
}

/** A one-off `run`: the command as argv. */
export interface OneOffRun {
  app: string;
  image: ImageRef;
  env: Record<string, string>;
  command: string[];
  runtime: SpecFragment;
}

/**
 * One running (or stopped) copy of a process. `node` names where it runs
 * (docker-local: always `local`); `endpoint` is where the router reaches a
 * web instance. Instances of a cluster may move: read them, don't keep them.
 */
export interface Instance {
  id: string;
  name: string;
  process: string;
  index: number;
  deployId: number;
  state: string;
  node: string;
  endpoint?: { host: string; port: number };
  /** A stopped instance the kernel killed for exceeding its memory limit. */
  oomKilled?: boolean;
}

/** Per call: where user output goes, and what cancels the work. */
export interface RunIo {
  out: Output;
  signal?: AbortSignal;
}

export interface LogOptions {
  follow: boolean;
  tail: number;
  process?: string;
}

export interface Scheduler {
  readonly name: string;
  /** Makes the built image reachable where instances run (a registry push); resolves with the ref to deploy. */
  prepareImage(image: ImageRef, io: RunIo): Promise<ImageRef>;
  /** Runs a task to completion, its output streamed to `io.out`; a non-zero exit rejects with a StageError. */
  runTask(task: TaskRun, io: RunIo): Promise<void>;
  /** Starts every instance of the release and proves it ready by its checks; on failure none of them is left. */
  startRelease(release: ReleaseRun, io: RunIo): Promise<Instance[]>;
  /** The uptime window: resolves once every instance has run `seconds` without exiting or restarting; rejects at the first that does. */
  watch(instances: Instance[], seconds: number, io: RunIo): Promise<void>;
  /** Removes instances that will not serve (a release that failed after its start), showing their last output. */
  remove(instances: Instance[], io: RunIo): Promise<void>;
  /**
   * Points the app's hosts at these instances, in one step; `fallback` (the
   * release being replaced) takes requests only while none of them is up.
   */
  route(app: string, hosts: string[], instances: Instance[], fallback?: Instance[]): Promise<void>;
  /** Retires every process instance of the app not of `keepDeployId`, once its requests are done (in the background). */
  retireOthers(app: string, keepDeployId: number, settings: SwapSettings, io: RunIo): Promise<void>;
  /** The app's process instances, every deploy's, running or not; running web ones with their endpoint. */
  list(app: string): Promise<Instance[]>;
  /** Stops and removes the app's process instances (every deploy's), telling `onEach` first. */
  stop(app: string, stopTimeoutSeconds: number, onEach?: (instance: Instance) => void): Promise<void>;
  /** Runs a one-off command to its end, its output to `onLine` (berth's notes to `io.out`); resolves with its exit code. */
  runAttached(run: OneOffRun, io: RunIo & { onLine: (line: string) => void }): Promise<number>;
  /** Starts a one-off command in the background (it removes itself at exit); resolves with its name. */
  startDetached(run: OneOffRun): Promise<string>;
  /** The app's one-off runs, running or not. */
  oneOffs(app: string): Promise<{ name: string; state: string }[]>;
  /** Runs `spec` inside a running instance (`enter`), streams attached; resolves once it started. */
  exec(instance: Instance, spec: ExecSpec, io: ExecStreams, size?: TerminalSize): Promise<ExecSession>;
  /** The output of the current release's instances, each line prefixed by the caller. */
  logs(app: string, deployId: number, opts: LogOptions, onLine: (instance: Instance, line: string) => void, signal?: AbortSignal): Promise<Instance[]>;
}
