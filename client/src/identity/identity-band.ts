import type { IdentityStatus } from '../generated/graphql';

/** At and above this score a face is a strong match, whatever the threshold (green). */
export const STRONG_IDENTITY_SCORE = 0.8;

export type IdentityBand = 'strong' | 'match' | 'drift' | 'pending' | 'no-face' | 'unscored';

/** Which colour band a score falls in: under the threshold it drifted; at 0.8 and above it is strong. */
export function identityBand(score: number | null | undefined, status: IdentityStatus | null | undefined, threshold: number): IdentityBand | null {
  if (status === 'PENDING') return 'pending';
  if (status === 'NO_FACE') return 'no-face';
  if (status === 'FAILED') return 'unscored';
  if (score == null) return null;
  if (score < threshold) return 'drift';
  return score >= Math.max(STRONG_IDENTITY_SCORE, threshold) ? 'strong' : 'match';
}

/** A 0–1 score as the studio writes it: "0.72". */
export function formatIdentityScore(score: number): string {
  return score.toFixed(2);
}

/** Said wherever a score is explained: the local GPU's renders are simulated, the instrument is not. */
export const SIMULATED_SCORES_NOTE = 'On the local GPU the renders are simulated and scored by a real face model; real scores come from real GPUs.';
