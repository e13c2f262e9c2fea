import { z } from 'zod';
import { viewerMetrics, type ViewerMetrics } from '../../domain/metrics/viewer-metrics.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { builder } from '../builder.js';
import { FaceMode } from './enums.js';
import { tryDecode } from './ids.js';

type Share = ViewerMetrics['sceneDistribution'][number];

const PresetShare = builder.objectRef<Share>('PresetShare').implement({
  description: 'How often a preset was used.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Preset id.' }),
    label: t.exposeString('label', { description: 'Preset label.' }),
    count: t.exposeInt('count', { description: 'Packs that used it.' }),
    share: t.exposeFloat('share', { description: 'Fraction of all packs, 0–1.' }),
  }),
});

const MetricsWeek = builder.objectRef<ViewerMetrics['weekly'][number]>('MetricsWeek').implement({
  description: 'One week of the window (weeks start on Monday, UTC).',
  fields: (t) => ({
    weekStart: t.expose('weekStart', { type: 'DateTime', description: 'Monday 00:00 UTC.' }),
    studioOpens: t.exposeInt('studioOpens', { description: 'Content Studio opens that week.' }),
    packs: t.exposeInt('packs', { description: 'Packs requested that week.' }),
    imagesCompleted: t.exposeInt('imagesCompleted', { description: 'Images completed of those packs.' }),
    imagesFailed: t.exposeInt('imagesFailed', { description: 'Images failed of those packs.' }),
  }),
});

const MetricsDay = builder.objectRef<ViewerMetrics['daily'][number]>('MetricsDay').implement({
  description: 'One day of the window (UTC): the actual GPU cost of the GPU work started that day.',
  fields: (t) => ({
    day: t.expose('day', { type: 'DateTime', description: '00:00 UTC of the day.' }),
    gpuCostUsd: t.float({ description: 'GPU cost in US dollars (execution time × the endpoint price; failed attempts included).', resolve: (d) => d.gpuCostUsdMicros / 1e6 }),
    gpuSeconds: t.float({ description: 'GPU execution time in seconds.', resolve: (d) => d.gpuExecutionMs / 1000 }),
  }),
});

type Group = ViewerMetrics['identity']['byMode'][number];

const identityFields = (t: Parameters<Parameters<ReturnType<typeof builder.objectRef<Group>>['implement']>[0]['fields'] & object>[0]) => ({
  scored: t.exposeInt('scored', { description: 'Renders scored (hidden drifted renders included).' }),
  mean: t.exposeFloat('mean', { nullable: true, description: 'Mean identity score, 0–1.' }),
  p10: t.exposeFloat('p10', { nullable: true, description: '10th percentile of the score: the bad tail.' }),
  consistencyRate: t.exposeFloat('consistencyRate', {
    nullable: true,
    description: 'Share of scored renders at or above the threshold: the model\'s consistency (the spec\'s "face consistency > 85 %").',
  }),
  deliveredConsistencyRate: t.exposeFloat('deliveredConsistencyRate', {
    nullable: true,
    description: 'The same share over the images you have, after drifted renders were re-rendered.',
  }),
  noFace: t.exposeInt('noFace', { description: 'Renders with no face found (not scored).' }),
  rerendered: t.exposeInt('rerendered', { description: 'Drifted renders replaced by a free re-render.' }),
});

const IdentityByMode = builder.objectRef<Group>('IdentityByMode').implement({
  description: 'Identity consistency of one face mode.',
  fields: (t) => ({
    mode: t.field({ type: FaceMode, description: 'FACE_REF or LORA.', resolve: (g) => g.key as 'face_ref' | 'lora' }),
    ...identityFields(t),
  }),
});

const IdentityByInfluencer = builder.objectRef<Group>('IdentityByInfluencer').implement({
  description: 'Identity consistency of one influencer (both modes).',
  fields: (t) => ({
    influencerId: t.id({ description: 'Global id of the influencer.', resolve: (g) => Buffer.from(`Influencer:${g.key}`).toString('base64') }),
    name: t.string({ description: 'Its name.', resolve: (g) => g.name ?? '' }),
    ...identityFields(t),
  }),
});

const IdentityMetrics = builder.objectRef<ViewerMetrics['identity']>('IdentityMetrics').implement({
  description: "Face identity consistency of generated images: every render scored against its influencer's base face.",
  fields: (t) => ({
    threshold: t.exposeFloat('threshold', { description: 'The score at and above which a face matches (IDENTITY_THRESHOLD).' }),
    byMode: t.field({ type: [IdentityByMode], description: 'FACE_REF and LORA separately (both always listed).', resolve: (m) => m.byMode }),
    byInfluencer: t.field({ type: [IdentityByInfluencer], description: 'Per influencer with generated images in the window.', resolve: (m) => m.byInfluencer }),
  }),
});

const Metrics = builder.objectRef<ViewerMetrics>('Metrics').implement({
  description: "The spec's key metrics for your generations over a window.",
  fields: (t) => ({
    days: t.exposeInt('days', { description: 'Window length in days.' }),
    generations: t.exposeInt('generations', { description: 'Packs requested.' }),
    imagesRequested: t.exposeInt('imagesRequested', { description: 'Images requested.' }),
    imagesCompleted: t.exposeInt('imagesCompleted', { description: 'Images completed.' }),
    imagesFailed: t.exposeInt('imagesFailed', { description: 'Images failed (after their attempts).' }),
    imagesCancelled: t.exposeInt('imagesCancelled', { description: 'Images cancelled.' }),
    successRate: t.exposeFloat('successRate', { nullable: true, description: 'Completed ÷ (completed + failed), 0–1; null without finished images.' }),
    averageSecondsPerImage: t.exposeFloat('averageSecondsPerImage', { nullable: true, description: 'Mean time from request to a completed image.' }),
    averageGpuSecondsPerImage: t.exposeFloat('averageGpuSecondsPerImage', { nullable: true, description: 'Mean GPU execution time of a completed image.' }),
    sceneDistribution: t.field({ type: [PresetShare], description: 'Packs per scene, most used first.', resolve: (m) => m.sceneDistribution }),
    environmentDistribution: t.field({ type: [PresetShare], description: 'Packs per environment, most used first.', resolve: (m) => m.environmentDistribution }),
    outfitChangeRate: t.exposeFloat('outfitChangeRate', { nullable: true, description: "Fraction of packs that changed the influencer's default outfit." }),
    studioOpens: t.exposeInt('studioOpens', { description: 'Content Studio opens (studio_opened events).' }),
    gpuSeconds: t.exposeFloat('gpuSeconds', { description: 'GPU execution time of all GPU work started in the window, failed attempts included, in seconds.' }),
    gpuCostUsd: t.float({
      description: "Actual GPU cost of that work in US dollars: execution time × the endpoint's configured price per second.",
      resolve: (m) => m.gpuCostUsdMicros / 1e6,
    }),
    daily: t.field({ type: [MetricsDay], description: 'Day by day, oldest first, days without GPU work included: actual GPU cost and time.', resolve: (m) => m.daily }),
    identity: t.field({ type: IdentityMetrics, description: 'Identity score mean, p10 and consistency rate per mode and influencer.', resolve: (m) => m.identity }),
    weekly: t.field({ type: [MetricsWeek], description: 'Week by week, oldest first, empty weeks included: studio opens, packs and their images.', resolve: (m) => m.weekly }),
  }),
});

builder.queryField('metrics', (t) =>
  t.field({
    type: Metrics,
    description: 'Success rate, time per image, scene/environment distribution and outfit-change rate of your generations.',
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: {
      influencerId: t.arg.id({ description: 'Only this influencer (global id).' }),
      days: t.arg.int({ description: 'Look-back window in days, 1–365 (default 30).', validate: z.number().int().min(1).max(365) }),
    },
    resolve: async (_root, args, ctx) => {
      let influencerId: string | undefined;
      if (args.influencerId) {
        influencerId = tryDecode(String(args.influencerId), 'Influencer') ?? undefined;
        const owned = influencerId && (await ctx.app.db.influencer.findFirst({ where: { id: influencerId, userId: ctx.viewer!.id }, select: { id: true } }));
        if (!owned) throw new NotFoundError('Influencer', String(args.influencerId));
      }
      return viewerMetrics(ctx.app.db, ctx.viewer!.id, { influencerId, days: args.days ?? 30, identityThreshold: ctx.app.env.IDENTITY_THRESHOLD });
    },
  }),
);
