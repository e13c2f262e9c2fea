/** A worker-comfyui job input after its handler's validate_input and image upload. */
export interface ComfyInput {
  workflow: unknown;
  images: Map<string, Buffer>;
}

export type ParsedInput = { ok: true; value: ComfyInput } | { ok: false; error: string; details?: string[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** worker-comfyui's validate_input() and upload_images(), with the same error texts. */
export function parseComfyInput(raw: unknown): ParsedInput {
  let input = raw;
  if (input === undefined || input === null) return { ok: false, error: 'Please provide input' };
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      return { ok: false, error: 'Invalid JSON format in input' };
    }
  }
  if (!isRecord(input) || input.workflow === undefined || input.workflow === null) {
    return { ok: false, error: "Missing 'workflow' parameter" };
  }
  const images = input.images;
  if (images !== undefined && images !== null) {
    if (!Array.isArray(images) || !images.every((i) => isRecord(i) && 'name' in i && 'image' in i)) {
      return { ok: false, error: "'images' must be a list of objects with 'name' and 'image' keys" };
    }
  }
  const decoded = new Map<string, Buffer>();
  const errors: string[] = [];
  for (const image of (images ?? []) as Array<{ name: unknown; image: unknown }>) {
    const name = String(image.name);
    const result = decodeBase64(String(image.image));
    if (typeof result === 'string') errors.push(`Error decoding base64 for ${name}: ${result}`);
    else decoded.set(name, result);
  }
  if (errors.length > 0) return { ok: false, error: 'Failed to upload one or more input images', details: errors };
  return { ok: true, value: { workflow: input.workflow, images: decoded } };
}

/** Python's base64.b64decode (non-strict): a data-URI prefix is cut, stray characters dropped, padding checked. */
function decodeBase64(text: string): Buffer | string {
  const comma = text.indexOf(',');
  const body = (comma >= 0 ? text.slice(comma + 1) : text).replace(/[^A-Za-z0-9+/=]/g, '');
  const dataChars = body.replace(/=+$/, '').replace(/=/g, '').length;
  if (dataChars % 4 === 1) {
    return `Invalid base64-encoded string: number of data characters (${dataChars}) cannot be 1 more than a multiple of 4`;
  }
  if (body.length % 4 !== 0) return 'Incorrect padding';
  return Buffer.from(body, 'base64');
}
