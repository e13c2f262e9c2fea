import type { Db } from '../../db/client.js';

export interface IdentityGroup {
  /** face_ref | lora, or an influencer id */
  key: string;
  name: string | null;
  /** renders scored (matched or drifted), the hidden drifted ones included */
  scored: number;
  mean: number | null;
  p10: number | null;
  /** share of all scored renders at or above the threshold: what the model delivers */
  consistencyRate: number | null;
  /** the same over the images the creator has (after re-renders replaced drifted ones) */
  deliveredConsistencyRate: number | null;
  /** renders with no face found (a back view): not scored, counted here */
  noFace: number;
  /** drifted renders that were replaced by a re-render */
  rerendered: number;
}

interface Row {
  key: string;
  name: string | null;
  scored: bigint;
  mean: number | null;
  p10: number | null;
  matched: bigint;
  delivered: bigint;
  delivered_matched: bigint;
  no_face: bigint;
  rerendered: bigint;
}

/**
 * Identity consistency of generated images (every asset with a mode) in a window, per mode
 * (face_ref, lora) and per influencer: mean score, 10th percentile, and the consistency rate —
 * the share scoring at or above the threshold (the spec's "> 85 %").
 */
export async function identityMetrics(db: Db, userId: string, o: { since: Date; influencerId?: string; threshold: number }) {
  const query = (by: 'mode' | 'influencer') =>
    db.$queryRawUnsafe<Row[]>(
      `SELECT ${by === 'mode' ? `a.mode::text AS key, NULL AS name` : `a."influencerId"::text AS key, max(i.name) AS name`},
       count(*) FILTER (WHERE a."identityStatus" IN ('matched','drifted')) AS scored,
       avg(a."identityScore") FILTER (WHERE a."identityStatus" IN ('matched','drifted')) AS mean,
       percentile_cont(0.1) WITHIN GROUP (ORDER BY a."identityScore") FILTER (WHERE a."identityStatus" IN ('matched','drifted')) AS p10,
       count(*) FILTER (WHERE a."identityStatus" IN ('matched','drifted') AND a."identityScore" >= $3) AS matched,
       count(*) FILTER (WHERE a."identityStatus" IN ('matched','drifted') AND a."hiddenReason" IS NULL) AS delivered,
       count(*) FILTER (WHERE a."identityStatus" IN ('matched','drifted') AND a."hiddenReason" IS NULL AND a."identityScore" >= $3) AS delivered_matched,
       count(*) FILTER (WHERE a."identityStatus" = 'no_face') AS no_face,
       count(*) FILTER (WHERE a."hiddenReason" = 'identity_drift') AS rerendered
     FROM "ImageAsset" a JOIN "Influencer" i ON i.id = a."influencerId"
     WHERE a."userId" = $1::uuid AND a."createdAt" >= $2 AND a.mode IS NOT NULL AND a."deletedAt" IS NULL
       ${o.influencerId ? `AND a."influencerId" = $4::uuid` : ''}
     GROUP BY 1 ORDER BY 1`,
      userId,
      o.since,
      o.threshold,
      ...(o.influencerId ? [o.influencerId] : []),
    );
  const [byMode, byInfluencer] = await Promise.all([query('mode'), query('influencer')]);
  const group = (r: Row): IdentityGroup => {
    const scored = Number(r.scored);
    const delivered = Number(r.delivered);
    return {
      key: r.key,
      name: r.name,
      scored,
      mean: r.mean === null ? null : Number(r.mean),
      p10: r.p10 === null ? null : Number(r.p10),
      consistencyRate: scored ? Number(r.matched) / scored : null,
      deliveredConsistencyRate: delivered ? Number(r.delivered_matched) / delivered : null,
      noFace: Number(r.no_face),
      rerendered: Number(r.rerendered),
    };
  };
  const modes = ['face_ref', 'lora'].map(
    (m) =>
      byMode.find((r) => r.key === m) ??
      ({ key: m, name: null, scored: 0n, mean: null, p10: null, matched: 0n, delivered: 0n, delivered_matched: 0n, no_face: 0n, rerendered: 0n } as Row),
  );
  return { threshold: o.threshold, byMode: modes.map(group), byInfluencer: byInfluencer.map(group) };
}
