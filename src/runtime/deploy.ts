/** The deploy pipeline's runtime steps: which port web listens on, networks joined after the deploy. */
import { instanceLabels } from '../labels.js';
import type { Output } from '../output.js';
import type { Services } from '../services.js';
import { appPortMaps, networkAliases, networkSetting } from './index.js';
import { webPort } from './ports.js';

/** ports:set wins; else the image's one EXPOSEd port; else 5000. */
export async function resolveWebPort(s: Services, app: string, image: string, out: Output): Promise<number> {
  const maps = appPortMaps(s, app);
  const exposed = maps.length ? [] : (await s.docker.imageConfig(image)).exposedPorts;
  const port = webPort(maps, exposed);
  out.detail(`web listens on container port ${port} (${maps.length ? 'ports:set' : exposed.length ? 'the image EXPOSEs it' : 'the default'})`);
  return port;
}

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
  const containers = await s.docker.listContainers({ ...instanceLabels(s.store.instance), 'berth.app': app, 'berth.deploy': String(deployId) });
  for (const c of containers.filter((x) => x.labels['berth.process'])) {
    for (const net of nets) await s.docker.connectNetwork(net, c.id, networkAliases(app, c.labels['berth.process'] as string));
  }
  out.step(`attached ${containers.length} container(s) to ${nets.join(', ')}`);
}
