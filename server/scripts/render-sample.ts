import { writeFile } from 'node:fs/promises';
import { startLocalGpu } from '@content-studio/local-gpu';
import { buildTextToImage, DEFAULT_MODEL_FILES } from '../src/providers/comfy/index.js';
import sharp from 'sharp';

// Renders one local-GPU image with a synthetic reference face to /tmp/sample.png (visual check).
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><rect width="100%" height="100%" fill="#345"/><ellipse cx="50%" cy="52%" rx="30%" ry="38%" fill="#e8b894"/><circle cx="39%" cy="45%" r="4%" fill="#1d2b53"/><circle cx="61%" cy="45%" r="4%" fill="#1d2b53"/><rect x="40%" y="66%" width="20%" height="4%" fill="#a8323e"/></svg>`;
const face = await sharp(Buffer.from(svg)).png().toBuffer();
const gpu = await startLocalGpu({ modelFiles: { ...DEFAULT_MODEL_FILES }, defaults: { stepMs: 0 } });
const workflow = buildTextToImage({
  engine: 'flux_dev',
  model: 'flux1-dev-fp8.safetensors',
  prompt: 'Photo of a woman, on a sunny beach, ocean in background, golden hour lighting',
  width: 768,
  height: 1360,
  steps: 20,
  seed: Number(process.argv[2] ?? 1),
  faceReference: { imageName: 'f.png' },
});
const res = await fetch(`${gpu.url}/image/runsync`, {
  method: 'POST',
  headers: { authorization: `Bearer ${gpu.apiKey}`, 'content-type': 'application/json' },
  body: JSON.stringify({ input: { workflow, images: [{ name: 'f.png', image: face.toString('base64') }] } }),
});
const body = (await res.json()) as { output?: { images: { data: string }[] }; error?: string };
if (!body.output) throw new Error(JSON.stringify(body));
await writeFile('/tmp/sample.png', await sharp(Buffer.from(body.output.images[0]!.data, 'base64')).resize(384).png().toBuffer());
await gpu.close();
console.log('wrote /tmp/sample.png');
