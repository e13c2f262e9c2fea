import type { Appearance } from '../generation/prompt.js';
import { QUALITY_SUFFIX } from '../generation/prompt.js';
import type { SheetShot } from './sheet-shots.js';

/** A sheet image's prompt: the character's appearance on a plain background, then the shot's words. */
export function buildSheetPrompt(a: Appearance, shot: SheetShot): { prompt: string } {
  const medium = a.style === 'realistic' ? 'Photo' : 'Anime illustration';
  const person = a.gender === 'female' ? 'woman' : 'man';
  const prompt = [
    `Character reference sheet, ${medium} of a ${a.age} year old ${a.ethnicity} ${person} with ${a.hairColor} ${a.hairStyle} hair`,
    `${a.eyeColor} eyes`,
    `${a.bodyType} body type`,
    'plain neutral grey background',
    shot.prompt,
    QUALITY_SUFFIX,
  ].join(', ');
  return { prompt };
}

/** The dataset caption of a shot: the trigger word, then what is not the identity. */
export const sheetCaption = (triggerWord: string, shot: SheetShot) => `${triggerWord}, ${shot.caption}`;

/** A stable, rare token per influencer that LoRA prompts lead with. */
export const triggerWordFor = (influencerId: string) => `csx${influencerId.replace(/-/g, '').slice(0, 8)}`;
