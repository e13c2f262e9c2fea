import type { TaskList } from 'graphile-worker';
import type { AppServices } from '../main/services.js';
import type { TaskName } from './catalog.js';
import { cancelGpuJobTask } from './cancel-gpu-job.js';
import { completeImageTask } from './complete-image.js';
import { purgeDeletedAssetsTask } from './purge-deleted-assets.js';
import { reconcileGpuJobsTask } from './reconcile-gpu-jobs.js';
import { submitImageTask } from './submit-image.js';

/** The worker's task list, bound to this process's services; keyed by the catalogue's names. */
export function taskList(services: AppServices): TaskList {
  const tasks: Record<TaskName, TaskList[string]> = {
    submit_image: submitImageTask(services),
    complete_image: completeImageTask(services),
    reconcile_gpu_jobs: reconcileGpuJobsTask(services),
    cancel_gpu_job: cancelGpuJobTask(services),
    purge_deleted_assets: purgeDeletedAssetsTask(services),
  };
  return tasks;
}
