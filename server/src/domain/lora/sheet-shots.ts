/** One shot of a character sheet: what the prompt asks for, how it is framed, and its caption words. */
export interface SheetShot {
  key: string;
  /** prompt words for the angle, expression, light and framing */
  prompt: string;
  /** caption words of the training dataset: the pose, light and framing, never the face */
  caption: string;
  framing: 'headshot' | 'half_body' | 'full_body';
  /** a back view shows no face: it is kept without an identity match */
  faceVisible: boolean;
}

/**
 * The default sheet: 8 shots covering angle (front, 3/4 both sides, profile, back), expression
 * (neutral, smiling, another), light (soft, dramatic) and framing (headshot, half, full body) —
 * the variety a face LoRA needs to learn the identity and not one photo.
 */
export const SHEET_SHOTS: readonly SheetShot[] = [
  {
    key: 'front_headshot',
    prompt: 'front view, looking at the camera, neutral expression, soft studio light, headshot',
    caption: 'front view, neutral expression, soft light, headshot',
    framing: 'headshot',
    faceVisible: true,
  },
  {
    key: 'front_smiling',
    prompt: 'front view, smiling, soft daylight, half body shot',
    caption: 'front view, smiling, soft light, half body',
    framing: 'half_body',
    faceVisible: true,
  },
  {
    key: 'three_quarter_left',
    prompt: 'three-quarter view from the left, neutral expression, soft light, headshot',
    caption: 'three-quarter view from the left, neutral expression, soft light, headshot',
    framing: 'headshot',
    faceVisible: true,
  },
  {
    key: 'three_quarter_right',
    prompt: 'three-quarter view from the right, smiling, dramatic side light, half body shot',
    caption: 'three-quarter view from the right, smiling, dramatic light, half body',
    framing: 'half_body',
    faceVisible: true,
  },
  {
    key: 'profile',
    prompt: 'side profile view, calm expression, dramatic rim light, headshot',
    caption: 'side profile, calm expression, dramatic light, headshot',
    framing: 'headshot',
    faceVisible: true,
  },
  {
    key: 'front_surprised',
    prompt: 'front view, surprised expression, dramatic light, headshot',
    caption: 'front view, surprised expression, dramatic light, headshot',
    framing: 'headshot',
    faceVisible: true,
  },
  {
    key: 'full_body',
    prompt: 'front view, standing, relaxed smile, soft even light, full body shot',
    caption: 'front view, standing, smiling, soft light, full body',
    framing: 'full_body',
    faceVisible: true,
  },
  { key: 'back', prompt: 'back view, seen from behind, soft light, full body shot', caption: 'back view, soft light, full body', framing: 'full_body', faceVisible: false },
];

/** Flux-friendly sizes (multiples of 16) per framing. */
export const SHEET_SIZES = {
  headshot: { width: 1024, height: 1024 },
  half_body: { width: 832, height: 1248 },
  full_body: { width: 768, height: 1360 },
} as const;

/** Flux Dev steps of a sheet image (the draft quality of packs). */
export const SHEET_STEPS = 20;

/** Re-renders with a new seed allowed per shot whose face drifted. */
export const MAX_SHEET_REPLACEMENTS = 2;

/** Usable images (face matched, or a back view) a sheet needs before a LoRA is trained on it. */
export const MIN_SHEET_IMAGES = 6;

export function shotOf(key: string): SheetShot {
  const shot = SHEET_SHOTS.find((s) => s.key === key);
  if (!shot) throw new Error(`Unknown character-sheet shot "${key}"`);
  return shot;
}
