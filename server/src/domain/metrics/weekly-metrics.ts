import type { Db } from '../../db/client.js';

export interface MetricsWeek {
  /** Monday 00:00 UTC of the week. */
  weekStart: Date;
  studioOpens: number;
  packs: number;
  imagesCompleted: number;
  imagesFailed: number;
}

const WEEK_MS = 7 * 86_400_000;

/** Monday 00:00 UTC of the week containing `d` (ISO weeks, as Postgres date_trunc('week') counts). */
export function weekStart(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 86_400_000);
}

/**
 * One row per week of the window, oldest first, empty weeks included (a chart's gaps are real
 * zeros): studio opens and packs with their completed and failed images.
 */
export async function weeklyMetrics(db: Db, userId: string, since: Date, influencerId?: string): Promise<MetricsWeek[]> {
  const inf = influencerId ?? null;
  const [opens, packs] = await Promise.all([
    db.$queryRaw<{ week: Date; n: bigint }[]>`
      SELECT date_trunc('week', "createdAt") AS week, count(*) AS n FROM "AnalyticsEvent"
      WHERE "userId" = ${userId}::uuid AND name = 'studio_opened' AND "createdAt" >= ${since}
        AND (${inf}::uuid IS NULL OR "influencerId" = ${inf}::uuid)
      GROUP BY 1`,
    db.$queryRaw<{ week: Date; n: bigint; completed: bigint; failed: bigint }[]>`
      SELECT date_trunc('week', "createdAt") AS week, count(*) AS n, sum("completedCount") AS completed, sum("failedCount") AS failed
      FROM "GenerationJob"
      WHERE "userId" = ${userId}::uuid AND "createdAt" >= ${since} AND (${inf}::uuid IS NULL OR "influencerId" = ${inf}::uuid)
      GROUP BY 1`,
  ]);
  const key = (d: Date) => weekStart(d).toISOString();
  const weeks: MetricsWeek[] = [];
  for (let w = weekStart(since).getTime(); w <= Date.now(); w += WEEK_MS) {
    weeks.push({ weekStart: new Date(w), studioOpens: 0, packs: 0, imagesCompleted: 0, imagesFailed: 0 });
  }
  const at = (d: Date) => weeks.find((w) => w.weekStart.toISOString() === key(d));
  for (const r of opens) {
    const w = at(r.week);
    if (w) w.studioOpens = Number(r.n);
  }
  for (const r of packs) {
    const w = at(r.week);
    if (w) Object.assign(w, { packs: Number(r.n), imagesCompleted: Number(r.completed ?? 0), imagesFailed: Number(r.failed ?? 0) });
  }
  return weeks;
}
