import type { Db } from '../../db/client.js';

export interface MetricsDay {
  /** 00:00 UTC of the day. */
  day: Date;
  gpuCostUsdMicros: number;
  gpuExecutionMs: number;
}

/**
 * Actual GPU cost and time per day of the window, oldest first, days without GPU work included:
 * every GPU job started that day (failed and superseded attempts are paid too).
 */
export async function dailyGpuCost(db: Db, userId: string, since: Date, influencerId?: string): Promise<MetricsDay[]> {
  const inf = influencerId ?? null;
  const rows = await db.$queryRaw<{ day: Date; micros: bigint | null; ms: bigint | null }[]>`
    SELECT date_trunc('day', g."createdAt") AS day, sum(g."costUsdMicros") AS micros, sum(g."executionMs") AS ms
    FROM "GpuJob" g
    LEFT JOIN "GenerationItem" i ON i.id = g."generationItemId"
    LEFT JOIN "GenerationJob" j ON j.id = i."jobId"
    WHERE g."userId" = ${userId}::uuid AND g."createdAt" >= ${since} AND (${inf}::uuid IS NULL OR j."influencerId" = ${inf}::uuid)
    GROUP BY 1`;
  const days: MetricsDay[] = [];
  const first = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate());
  for (let d = first; d <= Date.now(); d += 86_400_000) days.push({ day: new Date(d), gpuCostUsdMicros: 0, gpuExecutionMs: 0 });
  for (const r of rows) {
    const day = days.find((d) => d.day.getTime() === new Date(r.day).getTime());
    if (day) Object.assign(day, { gpuCostUsdMicros: Number(r.micros ?? 0), gpuExecutionMs: Number(r.ms ?? 0) });
  }
  return days;
}
