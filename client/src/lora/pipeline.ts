import type { LoraStatus } from '../generated/graphql';

export type PipelineStepKey = 'sheet' | 'training' | 'hd';
export type PipelineStepState = 'done' | 'current' | 'failed' | 'waiting';

export interface PipelineStep {
  key: PipelineStepKey;
  label: string;
  state: PipelineStepState;
}

/** What the profile's pipeline panel reads to place the creator: the status and whether each part exists and how it ended. */
export interface PipelineFacts {
  status: LoraStatus;
  sheetStatus: string | null | undefined;
  trainingStatus: string | null | undefined;
}

const LABELS: Record<PipelineStepKey, string> = { sheet: 'Character sheet', training: 'Training', hd: 'HD mode' };

/**
 * The three steps sheet → training → HD with the one that runs (or failed) marked: a failure is
 * placed on the step that failed (a failed training after a completed sheet, else the sheet).
 */
export function pipelineSteps(f: PipelineFacts): PipelineStep[] {
  const states: Record<PipelineStepKey, PipelineStepState> = { sheet: 'waiting', training: 'waiting', hd: 'waiting' };
  switch (f.status) {
    case 'GENERATING_SHEETS':
      states.sheet = 'current';
      break;
    case 'TRAINING':
      states.sheet = 'done';
      states.training = 'current';
      break;
    case 'READY':
      states.sheet = states.training = states.hd = 'done';
      break;
    case 'FAILED':
      if (f.sheetStatus === 'completed') {
        states.sheet = 'done';
        states.training = 'failed';
      } else states.sheet = 'failed';
      break;
    case 'PENDING':
      break;
  }
  return (['sheet', 'training', 'hd'] as const).map((key) => ({ key, label: LABELS[key], state: states[key] }));
}

const STAGES: Record<string, string> = {
  queued: 'Waiting for a training GPU',
  pending: 'Waiting for a training GPU',
  downloading: 'Downloading the character sheet',
  preparing: 'Preparing the images and captions',
  training: 'Training the face',
  saving: 'Saving the LoRA',
};

/** The trainer's stage in words ("training" → "Training the face"); an unknown stage is shown as it is. */
export function trainerStageText(stage: string | null | undefined): string {
  if (!stage) return STAGES.queued!;
  return STAGES[stage] ?? stage.charAt(0).toUpperCase() + stage.slice(1);
}

/**
 * How long the training has left, from its estimated completion: "about 3 min left", "less than a
 * minute left", "about 1 h 10 min left"; "almost done" once the estimate has passed; null when
 * there is no estimate yet (before the first step).
 */
export function formatEta(estimatedCompletionAt: string | Date | null | undefined, now: number = Date.now()): string | null {
  if (!estimatedCompletionAt) return null;
  const at = new Date(estimatedCompletionAt).getTime();
  if (Number.isNaN(at)) return null;
  const seconds = (at - now) / 1000;
  if (seconds <= 5) return 'almost done';
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h left` : `about ${hours} h ${rest} min left`;
}

/** Sheet shot keys in words: "three_quarter_left" → "Three quarter left". */
export function shotName(shot: string): string {
  const words = shot.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
