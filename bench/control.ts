/**
 * The control plane at scale: with 200 apps, how long the commands people
 * run most take, measured as a user sees it — `berth …` from process start
 * to exit, through the control socket. Node's own start is measured beside
 * it (`node -e 0`), since no command can be faster than that.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { startDaemon, CLI } from '../test/helpers/daemon.js';
import { tmpHome } from '../test/helpers/engine.js';
import { copyFixtureApp, git } from '../test/helpers/git.js';

export interface ControlFigures {
  apps: number;
  /** Milliseconds per run, per command. */
  commands: Record<string, number[]>;
  nodeStartMs: number[];
}

const APPS = Number(process.env.BENCH_APPS ?? 200);

export async function benchControl(runs: number): Promise<ControlFigures> {
  const daemon = await startDaemon();
  const figures: ControlFigures = { apps: APPS, commands: {}, nodeStartMs: [] };
  try {
    const deployed = `bench-ctl-${Date.now().toString(36)}`;
    const dir = join(await tmpHome(), 'app');
    await copyFixtureApp('static', dir);
    const pushed = await git(dir, 'push', daemon.gitUrl(deployed), 'main');
    if (pushed.exitCode !== 0) throw new Error(`push failed: ${pushed.stderr}`);
    // Four at a time: the setup, not the figure, so it need not take minutes.
    const names = Array.from({ length: APPS - 1 }, (_, i) => `${deployed}-${i + 1}`);
    await Promise.all([0, 1, 2, 3].map(async (w) => {
      for (let i = w; i < names.length; i += 4) await orThrow(daemon.home, ['apps:create', names[i] as string]);
    }));
    const commands: Record<string, string[]> = {
      'apps:list': ['apps:list'],
      'config:set --no-restart': ['config:set', '--no-restart', deployed, 'BENCH=1'],
      'ps:report APP': ['ps:report', deployed],
      'releases APP': ['releases', deployed],
    };
    for (let r = 0; r < runs; r++) {
      figures.nodeStartMs.push(await timed(() => execa('node', ['-e', '0'])));
      for (const [name, argv] of Object.entries(commands)) {
        (figures.commands[name] ??= []).push(await timed(() => orThrow(daemon.home, argv)));
      }
    }
  } finally {
    await daemon.stop();
  }
  return figures;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

async function orThrow(home: string, argv: string[]): Promise<void> {
  const res = await execa('node', [CLI, ...argv], { reject: false, env: { BERTH_HOME: home }, stdin: 'ignore' });
  if (res.exitCode !== 0) throw new Error(`berth ${argv.join(' ')} failed: ${String(res.stderr)}`);
}
