import type { SettingStore } from '../store/settings.js';
import { GLOBAL } from '../store/config.js';
import { parseBuildOptions, type DockerBuildOptions } from './options.js';
import { DEFAULT_STACK } from './select.js';

export interface BuildSettings {
  selected?: string;
  buildDir?: string;
  dockerfilePath: string;
  options: DockerBuildOptions;
  stack: string;
}

/** An app's build settings as `builder:set`, `builder-dockerfile:set`, `docker-options:add` and `buildpacks:set-property` left them. */
export function buildSettings(store: SettingStore, app: string): BuildSettings {
  // An app's own value, else the `--global` one.
  const get = (key: string) => store.get(app, key) || store.get(GLOBAL, key) || undefined;
  const options = parseBuildOptions(dockerOptions(store, app, 'build'));
  if (get('builder-dockerfile.cache-build') === 'false') options.nocache = true;
  return {
    selected: get('builder.selected'),
    buildDir: get('builder.build-dir'),
    dockerfilePath: get('builder-dockerfile.dockerfile-path') ?? 'Dockerfile',
    options,
    stack: get('buildpacks.stack') ?? store.get(GLOBAL, 'buildpacks.stack') ?? DEFAULT_STACK,
  };
}

export function dockerOptions(store: SettingStore, app: string, phase: string): string[] {
  return JSON.parse(store.get(app, `docker-options.${phase}`) ?? '[]') as string[];
}
