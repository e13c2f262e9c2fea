import fs from 'node:fs/promises';
import path from 'node:path';

const MODEL_EXTENSIONS = /\.(safetensors|ckpt|pt|pth|bin|onnx|gguf|sft)$/i;
/** A safetensors header is JSON; an embedded face PNG makes it large, but not this large. */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

/** What a LoRA file says about the face it was trained on. */
export interface LoraFace {
  /** `__metadata__.content_studio_face_png`, decoded. */
  png?: Buffer;
  /** `__metadata__.content_studio_base_model`: the model family it was trained for. */
  baseModel?: string;
}

/**
 * The simulated network volume (/runpod-volume/models/...): a fixed file list plus whatever lies
 * under `dir/models/<folder>/`, read at every job so a LoRA dropped there is usable at once.
 */
export class Volume {
  private readonly loraCache = new Map<string, { stamp: string; face: LoraFace }>();

  constructor(
    private readonly baseFiles: Record<string, string[]>,
    private readonly dir?: string,
  ) {}

  async modelFiles(): Promise<Record<string, string[]>> {
    const files: Record<string, string[]> = {};
    for (const [folder, names] of Object.entries(this.baseFiles)) files[folder] = [...names];
    if (!this.dir) return files;
    const modelsDir = path.join(this.dir, 'models');
    const folders = await fs.readdir(modelsDir, { withFileTypes: true }).catch(() => []);
    for (const folder of folders) {
      if (!folder.isDirectory()) continue;
      const found = await listModels(path.join(modelsDir, folder.name), '', 0);
      const list = (files[folder.name] ??= []);
      for (const name of found) if (!list.includes(name)) list.push(name);
    }
    return files;
  }

  /** Reads a LoRA's safetensors header; a LoRA only listed (not on disk) has no face. */
  async loraFace(name: string): Promise<LoraFace> {
    if (!this.dir) return {};
    const root = path.resolve(this.dir, 'models', 'loras');
    const file = path.resolve(root, name);
    if (!file.startsWith(root + path.sep)) return {};
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) return {};
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.loraCache.get(file);
    if (cached?.stamp === stamp) return cached.face;
    const face = await readLoraFace(file);
    this.loraCache.set(file, { stamp, face });
    return face;
  }
}

async function listModels(dir: string, prefix: string, depth: number): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const names: string[] = [];
  for (const e of entries) {
    if (e.isDirectory() && depth < 3) names.push(...(await listModels(path.join(dir, e.name), `${prefix}${e.name}/`, depth + 1)));
    else if (e.isFile() && MODEL_EXTENSIONS.test(e.name)) names.push(`${prefix}${e.name}`);
  }
  return names.sort();
}

/** safetensors layout: u64 little-endian header length, then that many bytes of JSON. */
export async function readSafetensorsMetadata(file: string): Promise<Record<string, string>> {
  const handle = await fs.open(file, 'r');
  try {
    const lengthBuf = Buffer.alloc(8);
    const { bytesRead } = await handle.read(lengthBuf, 0, 8, 0);
    if (bytesRead < 8) return {};
    const length = Number(lengthBuf.readBigUInt64LE(0));
    if (length <= 0 || length > MAX_HEADER_BYTES) return {};
    const header = Buffer.alloc(length);
    await handle.read(header, 0, length, 8);
    const parsed = JSON.parse(header.toString('utf8')) as { __metadata__?: Record<string, unknown> };
    const meta = parsed.__metadata__ ?? {};
    return Object.fromEntries(Object.entries(meta).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  } finally {
    await handle.close();
  }
}

async function readLoraFace(file: string): Promise<LoraFace> {
  const meta = await readSafetensorsMetadata(file);
  const b64 = meta.content_studio_face_png;
  return {
    ...(b64 ? { png: Buffer.from(b64.replace(/^data:[^,]*,/, ''), 'base64') } : {}),
    ...(meta.content_studio_base_model ? { baseModel: meta.content_studio_base_model } : {}),
  };
}
