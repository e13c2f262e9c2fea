import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './paths';

// sharp comes with the server (it is the server's imaging library); nothing is downloaded.
const require = createRequire(path.join(repoRoot, 'server', 'package.json'));
const sharp = require('sharp') as (input: Buffer) => { png(): { toBuffer(): Promise<Buffer> } };

/** A synthetic face photo: a skin-toned oval with eyes and a mouth on a flat background. */
export async function syntheticFace(size = 512, hue = 24): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <rect width="100%" height="100%" fill="hsl(${hue + 180},40%,35%)"/>
    <ellipse cx="50%" cy="40%" rx="22%" ry="26%" fill="hsl(${hue},45%,25%)"/>
    <ellipse cx="50%" cy="52%" rx="27%" ry="34%" fill="hsl(${hue},55%,70%)"/>
    <circle cx="40%" cy="47%" r="3.5%" fill="#1d2b53"/><circle cx="60%" cy="47%" r="3.5%" fill="#1d2b53"/>
    <rect x="42%" y="66%" width="16%" height="3.5%" rx="1.7%" fill="#a8323e"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
