import { builder } from '../builder.js';

/** GraphQL names can't contain ':'; the values map to the preset ids "1:1", "9:16", "2:3". */
export const AspectRatio = builder.enumType('AspectRatio', {
  description: 'Aspect ratio of generated images (see presets.aspectRatios for pixel sizes).',
  values: {
    SQUARE_1_1: { value: '1:1', description: '1:1 — 1024×1024.' },
    PORTRAIT_9_16: { value: '9:16', description: '9:16 — 768×1360 (default).' },
    PORTRAIT_2_3: { value: '2:3', description: '2:3 — 832×1248.' },
  } as const,
});
