/** Types of the workerd suite: the Worker's Env on `cloudflare:workers`, and what the config provides. */
import type { Env as WorkerEnv } from '../../functions/worker/env';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
    interface GlobalProps {
      mainModule: typeof import('../../functions/worker/index');
      durableNamespaces: 'PlaneCoordinator';
    }
  }
}

declare module 'vitest' {
  interface ProvidedContext {
    fakeUrl: string;
    route53Url: string;
  }
}
