import {
  ASPECT_RATIOS,
  DEFAULT_IMAGE_COUNT,
  ENVIRONMENTS,
  type EnvironmentPreset,
  IMAGE_COUNTS,
  OUTFITS,
  type OutfitPreset,
  PRICES,
  QUALITIES,
  SCENES,
  type ScenePreset,
} from '../../domain/presets/index.js';
import { builder } from '../builder.js';
import { AspectRatio } from './aspect-ratio.js';
import { Quality as QualityEnum } from './enums.js';

const Scene = builder.objectRef<ScenePreset>('ScenePreset').implement({
  description: 'A scene preset: the scenario of a shot.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Stable id to pass to generateImages, e.g. "professional_portrait".' }),
    label: t.exposeString('label', { description: 'Display name.' }),
    description: t.exposeString('description', { description: 'One line for the card.' }),
    prompt: t.exposeString('prompt', { description: 'Prompt fragment the scene adds.' }),
    isDefault: t.exposeBoolean('isDefault', { description: 'Selected when nothing is chosen.' }),
  }),
});

const Environment = builder.objectRef<EnvironmentPreset>('EnvironmentPreset').implement({
  description: 'An environment preset: where the shot takes place.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Stable id, e.g. "studio".' }),
    label: t.exposeString('label', { description: 'Display name.' }),
    description: t.exposeString('description', { description: 'One line for the card.' }),
    prompt: t.exposeString('prompt', { description: 'Prompt fragment the environment adds.' }),
    isDefault: t.exposeBoolean('isDefault', { description: 'Selected when nothing is chosen.' }),
  }),
});

const Outfit = builder.objectRef<OutfitPreset>('OutfitPreset').implement({
  description: 'An outfit: an influencer default or a per-generation change.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Stable id, e.g. "white_tee_jeans".' }),
    label: t.exposeString('label', { description: 'Display name.' }),
    category: t.exposeString('category', { description: 'casual, smart, active, evening, swim, lounge or intimate.' }),
    prompt: t.exposeString('prompt', { description: 'Prompt fragment ("wearing …").' }),
    nsfwOnly: t.exposeBoolean('nsfwOnly', { description: 'Only available for NSFW generations.' }),
  }),
});

type AspectRatio = (typeof ASPECT_RATIOS)[number];
const AspectRatioOption = builder.objectRef<AspectRatio>('AspectRatioOption').implement({
  description: 'An aspect ratio with the exact pixel size generated (Flux-valid: multiples of 16).',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The ratio as text: "1:1", "9:16" or "2:3".' }),
    value: t.field({ type: AspectRatio, description: 'The enum value generateImages and creditQuote take.', resolve: (r) => r.id }),
    label: t.exposeString('label', { description: 'Display name.' }),
    width: t.exposeInt('width', { description: 'Output width in pixels.' }),
    height: t.exposeInt('height', { description: 'Output height in pixels.' }),
    isDefault: t.exposeBoolean('isDefault', { description: 'Selected when nothing is chosen.' }),
  }),
});

type Quality = (typeof QUALITIES)[number];
const QualityOption = builder.objectRef<Quality>('QualityOption').implement({
  description: 'A quality mode and its cost.',
  fields: (t) => ({
    id: t.exposeString('id', { description: '"draft" or "hq".' }),
    value: t.field({ type: QualityEnum, description: 'The enum value generateImages and creditQuote take.', resolve: (q) => q.id }),
    label: t.exposeString('label', { description: 'Display name.' }),
    steps: t.exposeInt('steps', { description: 'Flux Dev sampling steps.' }),
    zImageSteps: t.int({ description: 'Z-Image-Turbo sampling steps (it is distilled for 8–9).', resolve: (q) => q.turboSteps }),
    zImageScale: t.float({
      description: "Z-Image-Turbo renders at this multiple of the aspect ratio's width and height (HQ: 1.5, a 1024×1024 square becomes 1536×1536).",
      resolve: (q) => q.turboScale,
    }),
    creditsPerImage: t.int({ description: 'Price of one image in this mode.', resolve: (q) => PRICES[q.id] }),
    isDefault: t.exposeBoolean('isDefault', { description: 'Selected when nothing is chosen.' }),
  }),
});

const Prices = builder.objectRef<typeof PRICES>('Prices').implement({
  description: 'The price table, in credits.',
  fields: (t) => ({
    draftImage: t.int({ description: 'One Draft image.', resolve: (p) => p.draft }),
    hqImage: t.int({ description: 'One HQ image.', resolve: (p) => p.hq }),
    inpaintEdit: t.int({ description: 'One inpaint edit.', resolve: (p) => p.inpaint }),
  }),
});

const Presets = builder.objectRef<object>('Presets').implement({
  description: 'Everything the studio offers: scenes, environments, outfits, options and prices.',
  fields: (t) => ({
    scenes: t.field({ type: [Scene], description: 'The 8 scene presets.', resolve: () => [...SCENES] }),
    environments: t.field({ type: [Environment], description: 'The 7 environment presets.', resolve: () => [...ENVIRONMENTS] }),
    outfits: t.field({ type: [Outfit], description: 'The 20 outfits.', resolve: () => [...OUTFITS] }),
    aspectRatios: t.field({ type: [AspectRatioOption], description: 'Aspect ratios (default 9:16).', resolve: () => [...ASPECT_RATIOS] }),
    qualities: t.field({ type: [QualityOption], description: 'Quality modes (default Draft).', resolve: () => [...QUALITIES] }),
    imageCounts: t.intList({ description: 'Pack sizes offered: 1, 5, 10.', resolve: () => [...IMAGE_COUNTS] }),
    defaultImageCount: t.int({ description: 'Pack size selected when nothing is chosen.', resolve: () => DEFAULT_IMAGE_COUNT }),
    prices: t.field({ type: Prices, description: 'Credits per image and per edit.', resolve: () => PRICES }),
  }),
});

builder.queryField('presets', (t) =>
  t.field({
    type: Presets,
    description: 'Presets and options; public (no authentication needed).',
    resolve: () => ({}),
  }),
);
