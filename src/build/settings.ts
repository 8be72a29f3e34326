import type { SettingStore } from '../store/settings.js';
import { GLOBAL } from '../store/config.js';
import { parseBuildOptions, type DockerBuildOptions } from './options.js';
import { DEFAULT_STACK } from './select.js';
import { SETTING, dockerOptionsKey } from '../store/setting-keys.js';

export interface BuildSettings {
  selected?: string;
  buildDir?: string;
  dockerfilePath: string;
  options: DockerBuildOptions;
  stack: string;
}

/** An app's build settings as `builder:set`, `builder-dockerfile:set`, `docker-options:add` and `buildpacks:set-property` left them. */
export function buildSettings(store: SettingStore, app: string): BuildSettings {
  return buildSettingsFrom(store.withPrefix(app, ''), store.withPrefix(GLOBAL, ''));
}

/** The same from the app's and the `--global` row's stored settings (pure). */
export function buildSettingsFrom(stored: Record<string, string>, global: Record<string, string>): BuildSettings {
  // An app's own value, else the `--global` one.
  const get = (key: string) => stored[key] || global[key] || undefined;
  const options = parseBuildOptions(JSON.parse(stored[dockerOptionsKey('build')] ?? '[]') as string[]);
  if (get(SETTING.dockerfileCacheBuild) === 'false') options.nocache = true;
  return {
    selected: get(SETTING.builderSelected),
    buildDir: get(SETTING.buildDir),
    dockerfilePath: get(SETTING.dockerfilePath) ?? 'Dockerfile',
    options,
    stack: get(SETTING.buildpackStack) ?? global[SETTING.buildpackStack] ?? DEFAULT_STACK,
  };
}

export function dockerOptions(store: SettingStore, app: string, phase: string): string[] {
  return JSON.parse(store.get(app, dockerOptionsKey(phase)) ?? '[]') as string[];
}
