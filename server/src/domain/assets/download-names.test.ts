import { describe, expect, it } from 'vitest';
import { downloadName, slugify, uniqueNames } from './download-names.js';

describe('download names', () => {
  it('slugifies names with accents, spaces and punctuation', () => {
    expect(slugify('Zoë  Martín-López!')).toBe('zoe-martin-lopez');
    expect(slugify('日本')).toBe('image');
  });

  it('names an image influencer-scene-index', () => {
    expect(downloadName({ influencerName: 'Mia Laurent', scene: 'beach_day', kind: 'generated', mimeType: 'image/png' }, 3)).toBe('mia-laurent-beach-day-3.png');
    expect(downloadName({ influencerName: 'Mia', scene: null, kind: 'base', mimeType: 'image/jpeg' }, 1)).toBe('mia-base-1.jpg');
  });

  it('keeps names unique inside an archive', () => {
    expect(uniqueNames(['a-1.png', 'a-1.png', 'b.png', 'a-1.png'])).toEqual(['a-1.png', 'a-1-2.png', 'b.png', 'a-1-3.png']);
  });
});
