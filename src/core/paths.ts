import { join } from 'node:path';

/** Where berth keeps things in BERTH_HOME (see DESIGN.md, "Where things live"). */
export const paths = {
  db: (home: string) => join(home, 'berth.db'),
  repos: (home: string) => join(home, 'repos'),
  repo: (home: string, app: string) => join(home, 'repos', `${app}.git`),
  logs: (home: string, app: string) => join(home, 'logs', app),
  deployLog: (home: string, app: string, id: number) => join(home, 'logs', app, `${id}.log`),
  daemonInfo: (home: string) => join(home, 'daemon.json'),
};
