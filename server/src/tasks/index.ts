import type { TaskList } from 'graphile-worker';
import type { AppServices } from '../main/services.js';

/** The worker's task list, bound to this process's services. */
export function taskList(_services: AppServices): TaskList {
  return {};
}
