import { z } from 'zod';
import { viewerMetrics, type ViewerMetrics } from '../../domain/metrics/viewer-metrics.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { builder } from '../builder.js';
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
      return viewerMetrics(ctx.app.db, ctx.viewer!.id, { influencerId, days: args.days ?? 30 });
    },
  }),
);
