import type { MaskOp } from './mask-history';

/**
 * Paints mask operations on a canvas the size of the source image: the mask is white, its alpha
 * says how much (1 = edit, 0 = keep); feathered strokes have soft edges.
 */
export function paintOp(ctx: CanvasRenderingContext2D, op: MaskOp) {
  const { width, height } = ctx.canvas;
  if (op.kind === 'clear') {
    ctx.clearRect(0, 0, width, height);
    return;
  }
  if (op.kind === 'invert') {
    const copy = document.createElement('canvas');
    copy.width = width;
    copy.height = height;
    copy.getContext('2d')!.drawImage(ctx.canvas, 0, 0);
    ctx.save();
    ctx.globalCompositeOperation = 'copy';
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.globalCompositeOperation = 'destination-out';
    ctx.drawImage(copy, 0, 0);
    ctx.restore();
    return;
  }
  const p = op.points;
  if (p.length < 2) return;
  ctx.save();
  ctx.globalCompositeOperation = op.tool === 'brush' ? 'source-over' : 'destination-out';
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = '#fff';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  // The feather is the width of the soft edge; a Gaussian of σ = feather / 2 spreads about that far.
  if (op.feather > 0) ctx.filter = `blur(${op.feather / 2}px)`;
  ctx.beginPath();
  if (p.length === 2) {
    ctx.arc(p[0]!, p[1]!, op.size / 2, 0, Math.PI * 2);
    ctx.fill();
  } else {
    ctx.lineWidth = op.size;
    ctx.moveTo(p[0]!, p[1]!);
    for (let i = 2; i + 1 < p.length; i += 2) ctx.lineTo(p[i]!, p[i + 1]!);
    ctx.stroke();
  }
  ctx.restore();
}

/** Replays operations from a blank mask. */
export function replay(ctx: CanvasRenderingContext2D, ops: readonly MaskOp[]) {
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  for (const op of ops) paintOp(ctx, op);
}

/** Share of the image the mask covers once binarised at 50 % (what the server will count). */
export function coverage(ctx: CanvasRenderingContext2D): number {
  const { width, height } = ctx.canvas;
  const data = ctx.getImageData(0, 0, width, height).data;
  let on = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]! >= 128) on++;
  return on / (width * height);
}

/** The mask for the API: a PNG the source image's pixel size, white strokes on black. */
export function exportMask(mask: HTMLCanvasElement): Promise<Blob> {
  const out = document.createElement('canvas');
  out.width = mask.width;
  out.height = mask.height;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(mask, 0, 0);
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('The mask could not be encoded.'))), 'image/png'));
}

/** Shows the mask tinted over the image: the mask's shape, filled with `color`. */
export function tint(target: CanvasRenderingContext2D, mask: HTMLCanvasElement, color: string) {
  const { width, height } = target.canvas;
  target.save();
  target.globalCompositeOperation = 'copy';
  target.drawImage(mask, 0, 0);
  target.globalCompositeOperation = 'source-in';
  target.fillStyle = color;
  target.fillRect(0, 0, width, height);
  target.restore();
}
