/**
 * An app's runtime fragment for one phase: storage, resources, docker
 * options and its initial network, read from the store once per deploy/run.
 */
import type { Services } from '../core/services.js';
import { mergeFragments, type SpecFragment } from './fragment.js';
import { parseRuntimeOptions } from './options.js';
import { parsePortMap, type PortMap } from './ports.js';
import { resourcesFragment } from './resources.js';
import { storageFragment, type Mount } from './storage.js';
import { SETTING, SETTING_PREFIX, dockerOptionsKey, networkKey } from '../store/setting-keys.js';

export type Phase = 'deploy' | 'run';

export function appMounts(s: Services, app: string): Mount[] {
  return JSON.parse(s.store.settings.get(app, SETTING.storageMounts) ?? '[]') as Mount[];
}

export function setAppMounts(s: Services, app: string, mounts: Mount[]): void {
  s.store.settings.set(app, SETTING.storageMounts, JSON.stringify(mounts));
}

export function appPortMaps(s: Services, app: string): PortMap[] {
  return (JSON.parse(s.store.settings.get(app, SETTING.portMaps) ?? '[]') as string[]).map(parsePortMap);
}

export function phaseOptions(s: Services, app: string, phase: string): string[] {
  return JSON.parse(s.store.settings.get(app, dockerOptionsKey(phase)) ?? '[]') as string[];
}

/** `network.initial-network` etc. */
export function networkSetting(s: Services, app: string, key: 'initial-network' | 'attach-post-create' | 'attach-post-deploy'): string[] {
  return (s.store.settings.get(app, networkKey(key)) ?? '').split(',').filter(Boolean);
}

/** Network aliases: the app's name and APP.PROCESS, so others reach it by name. */
export function networkAliases(app: string, process: string): string[] {
  return [app, `${app}.${process}`];
}

/**
 * The fragment for each process type of a phase. Stored docker options were
 * checked against the principal when added, so they are parsed as given here.
 */
export function appRuntime(s: Services, app: string, phase: Phase): (process: string) => SpecFragment {
  const stored = s.store.settings.withPrefix(app, SETTING_PREFIX.resource);
  const base = mergeFragments(storageFragment(appMounts(s, app), s.settings.home), parseRuntimeOptions(phaseOptions(s, app, phase), true));
  const initial = networkSetting(s, app, 'initial-network')[0];
  return (process) => mergeFragments(resourcesFragment(stored, process), base, initial ? { networks: { [initial]: networkAliases(app, process) } } : {});
}
