import type { FaceMode, LoraStatus } from '../generated/graphql';

const LORA: Record<LoraStatus, { label: string; tone: string; hint: string }> = {
  PENDING: { label: 'LoRA pending', tone: 'neutral', hint: 'Waiting for a base image.' },
  GENERATING_SHEETS: { label: 'Generating character sheet', tone: 'progress', hint: 'HD mode unlocks after training.' },
  TRAINING: { label: 'Training LoRA', tone: 'progress', hint: 'HD mode unlocks when training finishes.' },
  READY: { label: 'LoRA ready', tone: 'success', hint: 'New packs use HD mode.' },
  FAILED: { label: 'LoRA failed', tone: 'danger', hint: 'Face reference keeps working.' },
};

/** Where the character LoRA (HD mode) stands. */
export function LoraStatusBadge(props: { status: LoraStatus }) {
  return (
    <span class={`badge badge--${LORA[props.status].tone}`} title={LORA[props.status].hint}>
      {LORA[props.status].label}
    </span>
  );
}

/** The face mode new packs use: "Face reference" until the LoRA is ready, then "HD". */
export function FaceModeBadge(props: { mode: FaceMode }) {
  return (
    <span class={`badge ${props.mode === 'LORA' ? 'badge--hd' : 'badge--accent'}`} title="Face mode of new packs">
      {props.mode === 'LORA' ? 'HD' : 'Face reference'}
    </span>
  );
}
