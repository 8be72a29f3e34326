import type { Docker, RunHooks } from '../docker.js';
import type { Output } from '../core/output.js';
import { exitText } from './oom.js';

/** After a throwaway container exits: say so when the kernel killed it for memory. */
export function reportOom(docker: Docker, err: Output): RunHooks {
  return {
    afterExit: async (id) => {
      const state = await docker.containerState(id);
      if (state.oomKilled) err.error(`the container exited with code ${exitText(state)}`);
    },
  };
}
