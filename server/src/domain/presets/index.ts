import { ENVIRONMENTS, type EnvironmentPreset } from './environments.js';
import { OUTFITS, type OutfitPreset } from './outfits.js';
import { SCENES, type ScenePreset } from './scenes.js';

export * from './environments.js';
export * from './options.js';
export * from './outfits.js';
export * from './scenes.js';

export const findScene = (id: string): ScenePreset | undefined => SCENES.find((s) => s.id === id);
export const findEnvironment = (id: string): EnvironmentPreset | undefined => ENVIRONMENTS.find((e) => e.id === id);
export const findOutfit = (id: string): OutfitPreset | undefined => OUTFITS.find((o) => o.id === id);
