import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { ByteLru } from '../lru.js';
import { renderFaceArt } from './face-art.js';
import { Crowd } from './crowd.js';
import { FacePlacer, type FaceDrift } from './face.js';
import { randomFor } from '../random.js';
import { renderInpaint, type InpaintRequest } from './inpaint.js';
import { paintBackground, paletteFor } from './palette.js';
import { FACE_BOX_KEY, withTextChunk } from '../png-text.js';

/** Where the face in a text-to-image result comes from. */
export type FaceSource =
  /** PuLID / ReActor: the uploaded reference image */
  | { kind: 'image'; bytes: Buffer }
  /** LoRA mode: the face embedded in the LoRA file, else one drawn from its name */
  | { kind: 'lora'; name: string; png?: Buffer }
  /** no identity at all: a face drawn from the seed */
  | { kind: 'none' };

export interface TextToImageRequest {
  width: number;
  height: number;
  seed: number;
  prompt: string;
  face: FaceSource;
  /** injected identity failure: the render shows another person */
  offIdentity?: boolean;
}

/** A prompt for a view from behind (the character sheet's back shot): the back of a head, no face. */
const FROM_BEHIND = /\b(back view|from behind)\b/i;

/** Paints the back of a head — an ellipse of hair where a face would be — onto an RGB canvas. */
function paintBackOfHead(canvas: Buffer, width: number, height: number, seed: number): void {
  const rnd = randomFor('back-of-head', seed);
  const [cx, cy] = [width / 2, height * 0.28];
  const [rx, ry] = [width * 0.16, width * 0.2];
  const shade = 30 + Math.floor(rnd() * 60);
  for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(height, Math.ceil(cy + ry)); y++) {
    for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(width, Math.ceil(cx + rx)); x++) {
      if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 > 1) continue;
      const p = (y * width + x) * 3;
      const strand = (x * 7 + y * 3) % 11;
      [canvas[p], canvas[p + 1], canvas[p + 2]] = [shade + strand + 25, shade + strand + 12, shade + strand];
    }
  }
}

/** Fast PNG settings: the benchmark pushes dozens of images a second through two cores. */
const PNG = { compressionLevel: 2, adaptiveFiltering: false } as const;

const digest = (...parts: Array<string | Buffer>) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
};

/** Deterministic images: the same request always yields the same PNG bytes. */
export class Renderer {
  private readonly outputs = new ByteLru<Buffer>(64 * 1024 * 1024, (b) => b.length);
  private readonly art = new ByteLru<Buffer>(16 * 1024 * 1024, (b) => b.length);
  private readonly faces = new FacePlacer();
  private readonly crowd = new Crowd();

  async textToImage(req: TextToImageRequest): Promise<Buffer> {
    if (FROM_BEHIND.test(req.prompt)) return this.fromBehind(req);
    const face = await this.faceImage(req.face, req.seed);
    const drift = await this.driftOf(req, face);
    const key = digest('t2i', String(req.width), String(req.height), String(req.seed), req.prompt, face.key, driftKey(drift));
    return this.outputs.getOrCompute(key, async () => {
      const { width, height } = req;
      const canvas = paintBackground(width, height, paletteFor(req.prompt, req.seed));
      const placed = await this.faces.place(face.bytes, face.key, width, height, req.seed, drift);
      // The face is opaque RGB, so pasting rows is the whole composite (and far cheaper than libvips').
      const rowBytes = placed.width * 3;
      for (let y = 0; y < placed.height; y++) {
        placed.raw.copy(canvas, ((placed.top + y) * width + placed.left) * 3, y * rowBytes, (y + 1) * rowBytes);
      }
      const png = await sharp(canvas, { raw: { width, height, channels: 3 } })
        .png(PNG)
        .toBuffer();
      return withTextChunk(png, FACE_BOX_KEY, JSON.stringify({ left: placed.left, top: placed.top, width: placed.width, height: placed.height }));
    });
  }

  /** Seen from behind there is no face to show (a face detector finds none), and no face box to note. */
  private fromBehind(req: TextToImageRequest): Promise<Buffer> {
    const key = digest('t2i-behind', String(req.width), String(req.height), String(req.seed), req.prompt);
    return this.outputs.getOrCompute(key, () => {
      const { width, height } = req;
      const canvas = paintBackground(width, height, paletteFor(req.prompt, req.seed));
      paintBackOfHead(canvas, width, height, req.seed);
      return sharp(canvas, { raw: { width, height, channels: 3 } })
        .png(PNG)
        .toBuffer();
    });
  }

  inpaint(req: InpaintRequest): Promise<Buffer> {
    const key = digest('inpaint', req.source, req.mask, req.channel, req.prompt, String(req.seed));
    return this.outputs.getOrCompute(key, () => renderInpaint(req));
  }

  /** Throws like PIL would on bytes that are not an image (ComfyUI's LoadImage fails on them). */
  /** An all-black PNG the size of `png` (what ReActor's SFW filter returns for a flagged image). */
  async black(png: Buffer): Promise<Buffer> {
    const { width, height } = await this.probe(png);
    return sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 } } })
      .png()
      .toBuffer();
  }

  async probe(bytes: Buffer): Promise<{ width: number; height: number }> {
    const meta = await sharp(bytes).metadata();
    if (!meta.width || !meta.height) throw new Error('cannot identify image file');
    return { width: meta.width, height: meta.height };
  }

  /**
   * Simulated identity drift, per seed (these are not real model scores; real ones come from real
   * GPUs): a face-reference render blends 5–25 % toward another real person and is mirrored one
   * time in four, a LoRA render 0–4 % and one in twenty on top of what its LoRA learned (the
   * per-pixel median of its sheet's best three faces, themselves face-reference renders), so face-reference
   * scores land lower and wider than LoRA ones. An off-identity render is the other person alone.
   */
  private async driftOf(req: TextToImageRequest, face: { bytes: Buffer; key: string }): Promise<FaceDrift | undefined> {
    if (req.face.kind === 'none' || (req.face.kind === 'lora' && !req.face.png)) return undefined;
    const r = randomFor('identity', req.seed);
    const other = await this.crowd.pick(face.bytes, face.key, r());
    if (req.offIdentity) return { alpha: 1, flip: false, other };
    const lora = req.face.kind === 'lora';
    // Quantised: a handful of variants per reference, so prepared faces are reused across seeds.
    const alpha = lora ? Math.floor(r() * 3) * 0.02 : 0.05 + Math.floor(r() * 6) * 0.04;
    const flip = r() < (lora ? 0.05 : 0.25);
    return { alpha: Number(alpha.toFixed(3)), flip, other };
  }

  private async faceImage(face: FaceSource, seed: number): Promise<{ bytes: Buffer; key: string }> {
    if (face.kind === 'image') return { bytes: face.bytes, key: `image:${digest(face.bytes)}` };
    if (face.kind === 'lora' && face.png) return { bytes: face.png, key: `lora-face:${digest(face.png)}` };
    const artKey = face.kind === 'lora' ? `lora:${face.name}` : `seed:${seed}`;
    const bytes = await this.art.getOrCompute(artKey, () => renderFaceArt(artKey));
    return { bytes, key: `art:${artKey}` };
  }
}

const driftKey = (d: FaceDrift | undefined) => (d ? `${d.alpha}|${d.flip}|${d.other?.key ?? ''}` : 'none');
