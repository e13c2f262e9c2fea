import type { Task } from 'graphile-worker';
import { startTrainingForSheet } from '../domain/lora/start-training.js';
import { parsePayload } from '../queue/catalog.js';
import type { AppServices } from '../services/app-services.js';

/** Starts the LoRA training of a completed sheet; a sheet that has one already starts nothing. */
export function loraTrainingStartTask(s: AppServices): Task {
  return async (payload) => {
    const { sheetJobId } = parsePayload('lora_training_start', payload);
    await startTrainingForSheet(s.db, s.env, sheetJobId);
  };
}
