import type { User } from '../generated/prisma/client.js';
import type { AppServices } from '../services/app-services.js';

/** Per-request context: who is asking, and the app's services (held by reference, not per request). */
export interface Context {
  viewer: User | null;
  app: AppServices;
}

/** The context of an authenticated field (scope-auth guarantees the viewer). */
export interface AuthedContext extends Context {
  viewer: User;
}
