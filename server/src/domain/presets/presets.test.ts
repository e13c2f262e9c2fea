import { describe, expect, it } from 'vitest';
import { ASPECT_RATIOS, ENVIRONMENTS, OUTFITS, QUALITIES, SCENES } from './index.js';

describe('presets', () => {
  it('has 8 scenes, 7 environments, 20 outfits with unique ids and one default each', () => {
    expect(SCENES).toHaveLength(8);
    expect(ENVIRONMENTS).toHaveLength(7);
    expect(OUTFITS).toHaveLength(20);
    for (const list of [SCENES, ENVIRONMENTS, OUTFITS]) {
      expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
    }
    expect(SCENES.filter((s) => s.isDefault).map((s) => s.id)).toEqual(['professional_portrait']);
    expect(ENVIRONMENTS.filter((e) => e.isDefault).map((e) => e.id)).toEqual(['studio']);
  });

  it('sizes are Flux-valid: multiples of 16 and within 1 % of the nominal ratio', () => {
    for (const r of ASPECT_RATIOS) {
      expect(r.width % 16).toBe(0);
      expect(r.height % 16).toBe(0);
      const [w, h] = r.id.split(':').map(Number) as [number, number];
      expect(Math.abs(r.width / r.height - w / h) / (w / h)).toBeLessThan(0.01);
    }
  });

  it('quality steps are 20 / 40', () => {
    expect(QUALITIES.map((q) => q.steps)).toEqual([20, 40]);
  });
});
