import { describe, expect, it } from 'vitest';
import { findEnvironment, findOutfit, findScene } from '../presets/index.js';
import { buildPrompt } from './prompt.js';

const mia = { style: 'realistic', age: 26, ethnicity: 'Mediterranean', gender: 'female', hairColor: 'dark brown', hairStyle: 'long wavy', eyeColor: 'hazel', bodyType: 'athletic' };

describe('buildPrompt', () => {
  it('joins appearance, outfit, environment, scene and the quality suffix in the spec order', () => {
    const built = buildPrompt(mia, findScene('beach_day')!, findEnvironment('cafe')!, findOutfit('summer_dress')!);
    expect(built.prompt).toBe(
      'Photo of a 26 year old Mediterranean woman with dark brown long wavy hair, hazel eyes, athletic body type, wearing a light floral summer dress, in a trendy cafe, coffee shop ambiance, warm interior, beach lifestyle, relaxed pose, summer vibes, professional photography, high quality, detailed',
    );
    // No negative prompt: at cfg 1 it would have no effect.
    expect(built).toEqual({ prompt: built.prompt });
  });

  it('leads with the trigger word in LoRA mode, and says anime for the anime style', () => {
    const { prompt } = buildPrompt({ ...mia, style: 'anime', gender: 'male' }, findScene('night_out')!, findEnvironment('studio')!, findOutfit('business_suit')!, 'ohwx_mia');
    expect(prompt.startsWith('ohwx_mia, Anime illustration of a 26 year old Mediterranean man')).toBe(true);
  });
});
