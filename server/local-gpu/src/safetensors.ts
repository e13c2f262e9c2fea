import { createHash } from 'node:crypto';
import { seededRandom } from './random.js';

/** One tensor of a safetensors file (F32 only: all a simulated LoRA needs). */
export interface Tensor {
  shape: number[];
  values: Float32Array;
}

/**
 * Serialises tensors the way safetensors does: u64 little-endian header length, a JSON header
 * (dtype, shape, data_offsets per tensor, string-only `__metadata__`) padded with spaces to 8
 * bytes, then the tensors' bytes back to back.
 */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata: Record<string, string>): Buffer {
  const header: Record<string, unknown> = { __metadata__: metadata };
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const bytes = Buffer.from(t.values.buffer, t.values.byteOffset, t.values.byteLength);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    parts.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([length, Buffer.from(json, 'utf8'), ...parts]);
}

/** A small LoRA's down/up pairs (rank × width), filled deterministically from a seed. */
export function loraTensors(rank: number, seed: number, width = 64): Record<string, Tensor> {
  const rnd = seededRandom(seed);
  const fill = (n: number) => Float32Array.from({ length: n }, () => (rnd() - 0.5) * 0.02);
  const tensors: Record<string, Tensor> = {};
  for (const block of ['double_blocks_0_img_attn_qkv', 'single_blocks_0_linear1']) {
    tensors[`lora_unet_${block}.lora_down.weight`] = { shape: [rank, width], values: fill(rank * width) };
    tensors[`lora_unet_${block}.lora_up.weight`] = { shape: [width, rank], values: fill(width * rank) };
    tensors[`lora_unet_${block}.alpha`] = { shape: [], values: Float32Array.of(rank) };
  }
  return tensors;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
