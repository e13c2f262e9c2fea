import type { Db } from '../../db/client.js';
import { ENVIRONMENTS, SCENES } from '../presets/index.js';
import { dailyGpuCost } from './daily-gpu-cost.js';
import { identityMetrics } from './identity-metrics.js';
import { weeklyMetrics } from './weekly-metrics.js';

export interface MetricsWindow {
  influencerId?: string;
  /** Look-back window in days (1–365). */
  days: number;
  /** the identity score at which a face matches */
  identityThreshold: number;
}

/**
 * The spec's key metrics for the viewer (optionally one influencer) over a window: success rate,
 * time per image, scene and environment distribution, outfit-change rate, studio opens (also per
 * week), and the actual GPU time and cost of all GPU work started in the window (failed attempts included).
 */
export async function viewerMetrics(db: Db, userId: string, w: MetricsWindow) {
  const since = new Date(Date.now() - w.days * 86_400_000);
  const jobWhere = { userId, createdAt: { gte: since }, ...(w.influencerId ? { influencerId: w.influencerId } : {}) };
  const gpuWhere = { userId, createdAt: { gte: since }, ...(w.influencerId ? { generationItem: { job: { influencerId: w.influencerId } } } : {}) };
  const [jobs, outfitChanged, byScene, byEnvironment, items, studioOpens, gpu, weekly, daily, identity] = await Promise.all([
    db.generationJob.aggregate({ where: jobWhere, _count: { _all: true }, _sum: { imageCount: true, completedCount: true, failedCount: true, cancelledCount: true } }),
    db.generationJob.count({ where: { ...jobWhere, outfitChanged: true } }),
    db.generationJob.groupBy({ by: ['scene'], where: jobWhere, _count: { _all: true } }),
    db.generationJob.groupBy({ by: ['environment'], where: jobWhere, _count: { _all: true } }),
    db.generationItem.findMany({
      where: { status: 'completed', job: jobWhere },
      select: { completedAt: true, job: { select: { createdAt: true } }, gpuJob: { select: { executionMs: true } } },
    }),
    db.analyticsEvent.count({ where: { userId, name: 'studio_opened', createdAt: { gte: since }, ...(w.influencerId ? { influencerId: w.influencerId } : {}) } }),
    db.gpuJob.aggregate({ where: gpuWhere, _sum: { executionMs: true, costUsdMicros: true } }),
    weeklyMetrics(db, userId, since, w.influencerId),
    dailyGpuCost(db, userId, since, w.influencerId),
    identityMetrics(db, userId, { since, influencerId: w.influencerId, threshold: w.identityThreshold }),
  ]);
  const completed = jobs._sum.completedCount ?? 0;
  const failed = jobs._sum.failedCount ?? 0;
  const total = jobs._count._all;
  const avg = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
  const distribution = <T extends { id: string; label: string }>(presets: readonly T[], rows: { key: string; count: number }[]) =>
    presets
      .map((p) => {
        const count = rows.find((r) => r.key === p.id)?.count ?? 0;
        return { id: p.id, label: p.label, count, share: total ? count / total : 0 };
      })
      .sort((a, b) => b.count - a.count);
  return {
    days: w.days,
    generations: total,
    imagesRequested: jobs._sum.imageCount ?? 0,
    imagesCompleted: completed,
    imagesFailed: failed,
    imagesCancelled: jobs._sum.cancelledCount ?? 0,
    successRate: completed + failed ? completed / (completed + failed) : null,
    averageSecondsPerImage: avg(items.filter((i) => i.completedAt).map((i) => (i.completedAt!.getTime() - i.job.createdAt.getTime()) / 1000)),
    averageGpuSecondsPerImage: avg(items.filter((i) => i.gpuJob).map((i) => i.gpuJob!.executionMs / 1000)),
    gpuSeconds: (gpu._sum.executionMs ?? 0) / 1000,
    gpuCostUsdMicros: gpu._sum.costUsdMicros ?? 0,
    sceneDistribution: distribution(
      SCENES,
      byScene.map((r) => ({ key: r.scene, count: r._count._all })),
    ),
    environmentDistribution: distribution(
      ENVIRONMENTS,
      byEnvironment.map((r) => ({ key: r.environment, count: r._count._all })),
    ),
    outfitChangeRate: total ? outfitChanged / total : null,
    studioOpens,
    weekly,
    daily,
    identity,
  };
}

export type ViewerMetrics = Awaited<ReturnType<typeof viewerMetrics>>;
