import { builder } from '../builder.js';

/** Maps lower_snake database values to UPPER_SNAKE GraphQL enum values. */
function enumOf<const V extends string>(name: string, description: string, values: readonly V[], docs: Record<V, string>) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v, description: docs[v] }])) as Record<
      Uppercase<V>,
      { value: V; description: string }
    >,
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

export const LoraStatus = enumOf(
  'LoraStatus',
  'Progress of the character LoRA that unlocks HD mode.',
  ['pending', 'generating_sheets', 'training', 'ready', 'failed'],
  {
    pending: 'Waiting for a base image.',
    generating_sheets: 'Generating the character sheet from the base image.',
    training: 'Training the LoRA on the character sheet.',
    ready: 'HD mode: generations use the LoRA.',
    failed: 'Training failed; face-reference mode keeps working and training can be retried.',
  },
);

export const FaceMode = enumOf('FaceMode', 'How a generation keeps the face consistent.', ['face_ref', 'lora'], {
  face_ref: 'Face reference (PuLID) from the base image: available at once.',
  lora: 'HD mode: the character LoRA.',
});
