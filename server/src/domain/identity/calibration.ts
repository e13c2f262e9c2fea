/**
 * The identity instrument's calibration (pnpm calibrate:faces; numbers and chart in the README):
 * on the shipped photographs, same-person pairs have descriptor distances with median 0.138 and
 * different people from 0.467 up (median 0.718); the equal-error point is at distance 0.485
 * (equal-error rate 1.0 %).
 *
 * A distance becomes a 0–1 score with a logistic curve centred on that point, so the default
 * threshold (score 0.5) IS the calibrated threshold, and the median same-person pair scores 0.9:
 *
 *   score = 1 / (1 + exp((distance − 0.485) / 0.158))
 */
export const CALIBRATION = {
  thresholdDistance: 0.485,
  slope: 0.158,
  equalErrorRate: 0.01,
} as const;

export function scoreFromDistance(distance: number): number {
  const s = 1 / (1 + Math.exp((distance - CALIBRATION.thresholdDistance) / CALIBRATION.slope));
  return Math.round(s * 1000) / 1000;
}

/** Bands the studio colours by (the same in the API's docs and the metrics). */
export function identityBand(score: number, threshold: number): 'strong' | 'match' | 'drift' {
  if (score < threshold) return 'drift';
  return score >= 0.8 ? 'strong' : 'match';
}
