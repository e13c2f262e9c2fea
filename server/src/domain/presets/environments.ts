import type { Preset } from './preset.js';

/** An environment preset: the location of a shot (spec F3). */
export type EnvironmentPreset = Preset;

export const ENVIRONMENTS: readonly EnvironmentPreset[] = [
  { id: 'beach', label: 'Beach', description: 'Ocean, golden hour', prompt: 'on a sunny beach, ocean in background, golden hour lighting', isDefault: false },
  { id: 'home_bedroom', label: 'Home - Bedroom', description: 'Cozy, natural light', prompt: 'in a cozy bedroom, soft natural lighting, comfortable atmosphere', isDefault: false },
  { id: 'home_living_room', label: 'Home - Living Room', description: 'Modern, warm', prompt: 'in a stylish living room, modern decor, warm lighting', isDefault: false },
  { id: 'office', label: 'Office', description: 'Professional, clean', prompt: 'in a professional office setting, clean modern workspace', isDefault: false },
  { id: 'cafe', label: 'Cafe', description: 'Trendy, warm interior', prompt: 'in a trendy cafe, coffee shop ambiance, warm interior', isDefault: false },
  { id: 'urban_street', label: 'Urban Street', description: 'City, street style', prompt: 'on a city street, urban environment, street style', isDefault: false },
  { id: 'studio', label: 'Studio', description: 'Plain background', prompt: 'in a photography studio, clean background, professional lighting', isDefault: true },
];
