import sharp from 'sharp';
import { portrait } from '@content-studio/local-gpu/portraits';

/**
 * A synthetic "face" photo made by the test (nothing downloaded): a skin-toned oval with eyes and
 * a mouth on a flat background, distinctive enough to find again in generated images.
 */
export async function syntheticFace(size = 512, hue = 24): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <rect width="100%" height="100%" fill="hsl(${hue + 180},40%,35%)"/>
    <ellipse cx="50%" cy="52%" rx="30%" ry="38%" fill="hsl(${hue},55%,70%)"/>
    <circle cx="39%" cy="45%" r="4%" fill="#1d2b53"/><circle cx="61%" cy="45%" r="4%" fill="#1d2b53"/>
    <rect x="40%" y="66%" width="20%" height="4%" rx="2%" fill="#a8323e"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * A real person's face (a portrait cut from the photographs that ship with @vladmandic/face-api):
 * base images must show exactly one detectable face. `index` picks the person (0–19).
 */
export function realFace(index = 0, size = 512): Promise<Buffer> {
  return portrait(index, size);
}
