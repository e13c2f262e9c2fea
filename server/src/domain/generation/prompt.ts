import type { EnvironmentPreset, OutfitPreset, ScenePreset } from '../presets/index.js';

export const QUALITY_SUFFIX = 'professional photography, high quality, detailed';

export interface Appearance {
  style: string;
  age: number;
  ethnicity: string;
  gender: string;
  hairColor: string;
  hairStyle: string;
  eyeColor: string;
  bodyType: string;
}

/**
 * The spec's prompt: appearance + outfit + environment + scene + quality suffix; in LoRA mode the
 * trigger word leads so the LoRA's identity is applied.
 */
export function buildPrompt(a: Appearance, scene: ScenePreset, environment: EnvironmentPreset, outfit: OutfitPreset, triggerWord?: string | null): { prompt: string } {
  const medium = a.style === 'realistic' ? 'Photo' : 'Anime illustration';
  const person = a.gender === 'female' ? 'woman' : 'man';
  const parts = [
    `${medium} of a ${a.age} year old ${a.ethnicity} ${person} with ${a.hairColor} ${a.hairStyle} hair`,
    `${a.eyeColor} eyes`,
    `${a.bodyType} body type`,
    `wearing ${outfit.prompt}`,
    environment.prompt,
    scene.prompt,
    QUALITY_SUFFIX,
  ];
  const prompt = parts.join(', ');
  // No negative prompt: every graph samples at cfg 1 (Flux Dev and Z-Image-Turbo are distilled for
  // it), where ComfyUI skips the negative pass, so one would be sent and stored without any effect.
  return { prompt: triggerWord ? `${triggerWord}, ${prompt}` : prompt };
}
