/**
 * The mask as a list of operations (strokes, clear, invert), so undo and redo are exact and the
 * whole mask fits in sessionStorage: a mask is replayed, never stored as pixels.
 */
export type MaskTool = 'brush' | 'eraser';

export type MaskOp =
  /** A freehand line in the source image's pixels: `points` is x0, y0, x1, y1, … */
  { kind: 'stroke'; tool: MaskTool; size: number; feather: number; points: number[] } | { kind: 'clear' } | { kind: 'invert' };

export interface MaskHistory {
  done: MaskOp[];
  undone: MaskOp[];
}

export const emptyHistory = (): MaskHistory => ({ done: [], undone: [] });

/** A new operation: it joins the done list and ends any redo. */
export function push(h: MaskHistory, op: MaskOp): MaskHistory {
  return { done: [...h.done, op], undone: [] };
}

export function undo(h: MaskHistory): MaskHistory {
  const op = h.done[h.done.length - 1];
  return op ? { done: h.done.slice(0, -1), undone: [...h.undone, op] } : h;
}

export function redo(h: MaskHistory): MaskHistory {
  const op = h.undone[h.undone.length - 1];
  return op ? { done: [...h.done, op], undone: h.undone.slice(0, -1) } : h;
}

/** A history read back from storage, or null when it is not one (another version, tampering). */
export function parseHistory(value: unknown): MaskHistory | null {
  if (!value || typeof value !== 'object') return null;
  const { done, undone } = value as Record<string, unknown>;
  if (!Array.isArray(done) || !Array.isArray(undone) || ![...done, ...undone].every(isOp)) return null;
  return { done: done as MaskOp[], undone: undone as MaskOp[] };
}

function isOp(op: unknown): op is MaskOp {
  if (!op || typeof op !== 'object') return false;
  const o = op as Record<string, unknown>;
  if (o.kind === 'clear' || o.kind === 'invert') return true;
  return (
    o.kind === 'stroke' &&
    (o.tool === 'brush' || o.tool === 'eraser') &&
    typeof o.size === 'number' &&
    typeof o.feather === 'number' &&
    Array.isArray(o.points) &&
    o.points.every((n) => typeof n === 'number')
  );
}

/** Brush sizes in source pixels: `[` and `]` step through them. */
export const BRUSH_SIZES = [4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256] as const;

export function stepSize(size: number, direction: 1 | -1): number {
  if (direction > 0) return BRUSH_SIZES.find((s) => s > size) ?? BRUSH_SIZES[BRUSH_SIZES.length - 1]!;
  return [...BRUSH_SIZES].reverse().find((s) => s < size) ?? BRUSH_SIZES[0];
}

/** A pointer position on the displayed image → the source image's pixels (the mask's size). */
export function toImagePixels(clientX: number, clientY: number, rect: { left: number; top: number; width: number; height: number }, natural: { width: number; height: number }) {
  const x = ((clientX - rect.left) / rect.width) * natural.width;
  const y = ((clientY - rect.top) / rect.height) * natural.height;
  return { x: Math.round(Math.min(Math.max(x, 0), natural.width) * 10) / 10, y: Math.round(Math.min(Math.max(y, 0), natural.height) * 10) / 10 };
}
