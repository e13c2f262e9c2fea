import { searchParam } from '../router/router';
import type { OutfitChoice } from './outfit-rules';

const RATIO: Record<string, string> = { PORTRAIT_9_16: '9:16', PORTRAIT_2_3: '2:3', SQUARE_1_1: '1:1' };

/** A past pack's settings as studio search params ("generate again with these settings"). */
export function againSearch(job: {
  scene: string;
  environment: string;
  outfit: string;
  outfitChanged: boolean;
  aspectRatio: string;
  quality: string;
  progress: { total: number };
}): string {
  const params = new URLSearchParams({
    scene: job.scene,
    environment: job.environment,
    ratio: RATIO[job.aspectRatio] ?? job.aspectRatio,
    quality: job.quality.toLowerCase(),
    count: String(job.progress.total),
  });
  if (job.outfitChanged) params.set('outfit', job.outfit);
  return `?${params.toString()}`;
}

/** The studio's starting choices from the address (null = the preset's default). */
export function prefillFromAddress(): {
  scene: string | null;
  environment: string | null;
  outfit: OutfitChoice | null;
  ratio: string | null;
  quality: string | null;
  count: number | null;
} {
  const count = Number(searchParam('count'));
  const outfit = searchParam('outfit');
  return {
    scene: searchParam('scene'),
    environment: searchParam('environment'),
    outfit: outfit ? { mode: 'change', outfitId: outfit } : null,
    ratio: searchParam('ratio'),
    quality: searchParam('quality'),
    count: Number.isInteger(count) && count >= 1 && count <= 10 ? count : null,
  };
}
