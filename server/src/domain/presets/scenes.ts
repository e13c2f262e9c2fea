import type { Preset } from './preset.js';

/** A scene preset: the scenario of a shot (spec F2). */
export type ScenePreset = Preset;

export const SCENES: readonly ScenePreset[] = [
  {
    id: 'professional_portrait',
    label: 'Professional portrait',
    description: 'Headshot style, confident, eye contact',
    prompt: 'professional headshot style, confident pose, eye contact',
    isDefault: true,
  },
  {
    id: 'candid_lifestyle',
    label: 'Candid lifestyle',
    description: 'Natural moment, authentic',
    prompt: 'candid moment, natural pose, authentic lifestyle shot',
    isDefault: false,
  },
  {
    id: 'fashion_editorial',
    label: 'Fashion editorial',
    description: 'Dramatic, magazine quality',
    prompt: 'fashion editorial style, dramatic pose, magazine quality',
    isDefault: false,
  },
  { id: 'fitness_motivation', label: 'Fitness motivation', description: 'Athletic, energetic', prompt: 'fitness pose, athletic, energetic, motivational', isDefault: false },
  { id: 'morning_vibes', label: 'Morning vibes', description: 'Relaxed, fresh, natural light', prompt: 'morning light, relaxed pose, fresh and natural', isDefault: false },
  { id: 'night_out', label: 'Night out', description: 'Glamorous, sophisticated', prompt: 'glamorous night look, sophisticated, elegant pose', isDefault: false },
  { id: 'cozy_home', label: 'Cozy at home', description: 'Comfortable, intimate', prompt: 'comfortable relaxed pose, cozy atmosphere, intimate', isDefault: false },
  { id: 'beach_day', label: 'Beach day', description: 'Summer vibes, relaxed', prompt: 'beach lifestyle, relaxed pose, summer vibes', isDefault: false },
];
