import { describe, expect, it } from 'vitest';
import { faceCropStyle } from './face-crop';
import { identityBand } from './identity-band';

describe('identity bands', () => {
  it('colours a score by the threshold the API uses, strong from 0.8', () => {
    expect(identityBand(0.42, 'DRIFTED', 0.5)).toBe('drift');
    expect(identityBand(0.5, 'MATCHED', 0.5)).toBe('match');
    expect(identityBand(0.79, 'MATCHED', 0.5)).toBe('match');
    expect(identityBand(0.8, 'MATCHED', 0.5)).toBe('strong');
    // A stricter threshold moves the drift band; strong is never below the threshold.
    expect(identityBand(0.6, 'DRIFTED', 0.65)).toBe('drift');
    expect(identityBand(0.85, 'MATCHED', 0.9)).toBe('drift');
  });

  it('says what an unscored image is, and shows nothing when scoring was off or it is the reference', () => {
    expect(identityBand(null, 'PENDING', 0.5)).toBe('pending');
    expect(identityBand(null, 'NO_FACE', 0.5)).toBe('no-face');
    expect(identityBand(null, 'FAILED', 0.5)).toBe('unscored');
    expect(identityBand(null, 'REFERENCE', 0.5)).toBeNull();
    expect(identityBand(null, null, 0.5)).toBeNull();
  });
});

describe('face crops', () => {
  const px = (s: string) => Number(s.replace('%', ''));

  it('frames the face box with a margin in a square, in percent of the frame', () => {
    // A 1000×1000 image with a 200×200 face at (400, 300): the frame is 300 px around its centre.
    const s = faceCropStyle({ x: 0.4, y: 0.3, width: 0.2, height: 0.2 }, 1000, 1000);
    expect(px(s.width)).toBeCloseTo((100 * 1000) / 300, 2);
    expect(px(s.left)).toBeCloseTo((-100 * 350) / 300, 2);
    expect(px(s.top)).toBeCloseTo((-100 * 250) / 300, 2);
  });

  it('keeps the frame inside the image near an edge and on a tall image', () => {
    const s = faceCropStyle({ x: 0, y: 0, width: 0.3, height: 0.1 }, 768, 1360);
    expect(px(s.left)).toBe(0);
    expect(px(s.top)).toBe(0);
    const big = faceCropStyle({ x: 0.1, y: 0.1, width: 0.8, height: 0.8 }, 400, 400);
    expect(px(big.width)).toBe(100); // the face fills the image: the frame is the whole image
  });
});
