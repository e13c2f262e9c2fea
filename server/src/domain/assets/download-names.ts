/** Lower-case ASCII words joined by dashes: "Mia Laurent" → "mia-laurent". */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'image';
}

const EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** `influencer-scene-index.ext`, e.g. "mia-laurent-beach-day-3.png"; base images and sheets say so instead of a scene. */
export function downloadName(a: { influencerName: string; scene: string | null; kind: string; mimeType: string }, index: number | string): string {
  const what = a.scene ?? (a.kind === 'base' ? 'base' : a.kind === 'character_sheet' ? 'sheet' : a.kind);
  return `${slugify(a.influencerName)}-${slugify(what)}-${index}.${EXT[a.mimeType] ?? 'bin'}`;
}

/** Makes names unique inside one archive: a repeated name gets "-2", "-3"… before its extension. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : name.replace(/(\.[a-z0-9]+)?$/, (ext) => `-${n}${ext}`);
  });
}
