import { builder } from '../builder.js';

/** Maps lower_snake database values to UPPER_SNAKE GraphQL enum values. */
function enumOf<const V extends string>(name: string, description: string, values: readonly V[], docs: Record<V, string>) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v, description: docs[v] }])) as Record<Uppercase<V>, { value: V; description: string }>,
  });
}

export const InfluencerStyle = enumOf('InfluencerStyle', 'Rendering style of an influencer.', ['realistic', 'anime'], {
  realistic: 'Photographic.',
  anime: 'Anime illustration.',
});

export const Gender = enumOf('Gender', 'Gender presentation used in prompts.', ['female', 'male'], {
  female: 'Woman.',
  male: 'Man.',
});

export const LoraStatus = enumOf('LoraStatus', 'Progress of the character LoRA that unlocks HD mode.', ['pending', 'generating_sheets', 'training', 'ready', 'failed'], {
  pending: 'Waiting for a base image.',
  generating_sheets: 'Generating the character sheet from the base image.',
  training: 'Training the LoRA on the character sheet.',
  ready: 'HD mode: generations use the LoRA.',
  failed: 'Training failed; face-reference mode keeps working and training can be retried.',
});

export const FaceMode = enumOf('FaceMode', 'How a generation keeps the face consistent.', ['face_ref', 'lora'], {
  face_ref: 'Face reference (PuLID) from the base image: available at once.',
  lora: 'HD mode: the character LoRA.',
});

export const AssetKind = enumOf('AssetKind', 'What an asset is.', ['base', 'generated', 'character_sheet', 'edited'], {
  base: "The influencer's reference face (uploaded).",
  generated: 'An image of a generated pack.',
  character_sheet: 'A character-sheet image (LoRA training data).',
  edited: 'The result of an inpaint edit (its source is the edited asset).',
});

export const Engine = enumOf('Engine', 'The image model.', ['flux_dev', 'z_image_turbo'], {
  flux_dev: 'Flux Dev (uncensored checkpoint for NSFW).',
  z_image_turbo: 'Z-Image-Turbo: faster and cheaper, 8–9 steps.',
});

export const Quality = enumOf('Quality', 'Quality mode.', ['draft', 'hq'], {
  draft: 'Draft: 20 Flux steps.',
  hq: 'HQ: 40 Flux steps.',
});

export const GenerationStatus = enumOf('GenerationStatus', 'State of a generation pack.', ['queued', 'running', 'completed', 'partial', 'failed', 'cancelled'], {
  queued: 'Waiting for the GPU.',
  running: 'Images are being generated.',
  completed: 'Every image completed.',
  partial: 'Finished with some images completed and some failed or cancelled.',
  failed: 'Finished with no image completed.',
  cancelled: 'Cancelled before any image completed.',
});

export const ImageStatus = enumOf('ImageStatus', 'State of one image of a pack.', ['queued', 'submitted', 'completed', 'failed', 'cancelled'], {
  queued: 'Waiting to be sent to the GPU (or to be retried).',
  submitted: 'On the GPU.',
  completed: 'Done: the asset exists.',
  failed: 'Failed after its attempts; refunded.',
  cancelled: 'Cancelled; refunded.',
});

export const IdentityStatus = enumOf(
  'IdentityStatus',
  "Where an asset's face stands against its influencer's base face.",
  ['reference', 'pending', 'matched', 'drifted', 'no_face', 'no_reference', 'failed'],
  {
    reference: 'The asset is the reference itself (a base image).',
    pending: 'Waiting to be scored (an ImageScored event follows).',
    matched: 'Scored at or above the identity threshold.',
    drifted: 'Scored under the threshold: the face does not match.',
    no_face: 'No face in the image (a back view, a landscape): no score, by design.',
    no_reference: 'The influencer has no base face to compare with.',
    failed: 'The image could not be scored.',
  },
);
