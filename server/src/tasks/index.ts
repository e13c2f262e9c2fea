import type { TaskList } from 'graphile-worker';
import type { TaskName } from '../queue/catalog.js';
import type { AppServices } from '../services/app-services.js';
import { gpuCancelTask } from './gpu/cancel.js';
import { gpuKindRunners } from './gpu/kinds.js';
import { gpuReconcileTask } from './gpu/reconcile.js';
import { gpuSettleTask } from './gpu/settle.js';
import { gpuSubmitTask } from './gpu/submit.js';
import { loraTrainingProgressTask } from './lora-training-progress.js';
import { loraTrainingStartTask } from './lora-training-start.js';
import { purgeDeletedAssetsTask } from './purge-deleted-assets.js';
import { scoreIdentityTask } from './score-identity.js';

/** The worker's task list, bound to this process's services; keyed by the catalogue's names. */
export function taskList(services: AppServices): TaskList {
  const runners = gpuKindRunners(services);
  const tasks: Record<TaskName, TaskList[string]> = {
    gpu_submit: gpuSubmitTask(services, runners),
    gpu_settle: gpuSettleTask(services, runners),
    gpu_cancel: gpuCancelTask(services),
    gpu_reconcile: gpuReconcileTask(services),
    purge_deleted_assets: purgeDeletedAssetsTask(services),
    score_identity: scoreIdentityTask(services),
    lora_training_start: loraTrainingStartTask(services),
    lora_training_progress: loraTrainingProgressTask(services),
  };
  return tasks;
}
