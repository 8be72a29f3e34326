/** The deploy pipeline's runtime steps: networks joined before start and after the deploy. */
import { deployLabels, LABEL } from '../docker/labels.js';
import type { Output } from '../core/output.js';
import type { Services } from '../core/services.js';
import { networkAliases, networkSetting } from './index.js';

/** Connects a new container to the `attach-post-create` networks before it starts. */
export function attachPostCreate(s: Services, app: string): ((id: string, process: string) => Promise<void>) | undefined {
  const nets = networkSetting(s, app, 'attach-post-create');
  if (!nets.length) return undefined;
  return async (id, process) => {
    for (const net of nets) await s.docker.connectNetwork(net, id, networkAliases(app, process));
  };
}

/** Connects the new release's containers to the `attach-post-deploy` networks once it is routed. */
export async function attachPostDeploy(s: Services, app: string, deployId: number, out: Output): Promise<void> {
  const nets = networkSetting(s, app, 'attach-post-deploy');
  if (!nets.length) return;
  const containers = await s.docker.listContainers(deployLabels(s.store.instance, app, deployId));
  for (const c of containers.filter((x) => x.labels[LABEL.process])) {
    for (const net of nets) await s.docker.connectNetwork(net, c.id, networkAliases(app, c.labels[LABEL.process] as string));
  }
  out.step(`attached ${containers.length} container(s) to ${nets.join(', ')}`);
}
