import { createEffect, createSignal, on, onMount, Show } from 'solid-js';
import { coverage, paintOp, replay, tint } from './mask-canvas';
import { toImagePixels, type MaskOp, type MaskTool } from './mask-history';

const OVERLAY_COLOR = '#ff3d7f';

/**
 * The image with the mask painted over it. The mask canvas is the source image's pixel size
 * (whatever size it is displayed at), so strokes are recorded, and the mask exported, in the
 * source's pixels.
 */
export function MaskStage(props: {
  url: string;
  alt: string;
  width: number;
  height: number;
  ops: readonly MaskOp[];
  tool: MaskTool;
  size: number;
  feather: number;
  overlayOpacity: number;
  onStroke: (op: MaskOp) => void;
  /** The committed mask (white, alpha = how much) and its binarised coverage, after every change. */
  onMask: (mask: HTMLCanvasElement, coverage: number) => void;
}) {
  let overlay!: HTMLCanvasElement;
  const mask = document.createElement('canvas');
  const [cursor, setCursor] = createSignal<{ x: number; y: number; diameter: number } | null>(null);
  let stroke: (MaskOp & { kind: 'stroke' }) | null = null;
  let committed: HTMLCanvasElement | null = null;

  const maskCtx = () => mask.getContext('2d', { willReadFrequently: true });
  const show = (source: HTMLCanvasElement) => {
    const ctx = overlay.getContext('2d');
    if (ctx) tint(ctx, source, OVERLAY_COLOR);
  };

  // The committed mask is replayed from the operations whenever they change (a stroke, undo, redo…).
  createEffect(
    on(
      () => [props.ops, props.width, props.height] as const,
      ([ops, width, height]) => {
        mask.width = overlay.width = width;
        mask.height = overlay.height = height;
        const ctx = maskCtx();
        if (!ctx) return;
        replay(ctx, ops);
        committed = null;
        show(mask);
        props.onMask(mask, coverage(ctx));
      },
    ),
  );

  /** The committed mask plus the stroke being drawn, shown live. */
  const drawLive = () => {
    if (!stroke) return;
    if (!committed) {
      committed = document.createElement('canvas');
      committed.width = mask.width;
      committed.height = mask.height;
      committed.getContext('2d')!.drawImage(mask, 0, 0);
    }
    const live = document.createElement('canvas');
    live.width = mask.width;
    live.height = mask.height;
    const ctx = live.getContext('2d')!;
    ctx.drawImage(committed, 0, 0);
    paintOp(ctx, stroke);
    show(live);
  };

  const point = (e: PointerEvent) => toImagePixels(e.clientX, e.clientY, overlay.getBoundingClientRect(), { width: props.width, height: props.height });
  const moveCursor = (e: PointerEvent) => {
    const rect = overlay.getBoundingClientRect();
    setCursor({ x: e.clientX - rect.left, y: e.clientY - rect.top, diameter: (props.size * rect.width) / props.width });
  };

  const down = (e: PointerEvent) => {
    if (e.button !== 0) return;
    e.preventDefault();
    overlay.setPointerCapture?.(e.pointerId);
    const p = point(e);
    stroke = { kind: 'stroke', tool: props.tool, size: props.size, feather: props.feather, points: [p.x, p.y] };
    drawLive();
  };
  const move = (e: PointerEvent) => {
    moveCursor(e);
    if (!stroke) return;
    const p = point(e);
    const n = stroke.points.length;
    if (stroke.points[n - 2] === p.x && stroke.points[n - 1] === p.y) return;
    stroke.points.push(p.x, p.y);
    drawLive();
  };
  const up = () => {
    if (!stroke) return;
    const done = stroke;
    stroke = null;
    props.onStroke(done);
  };

  onMount(() => show(mask));

  return (
    <div class="mask-stage" style={{ 'aspect-ratio': `${props.width} / ${props.height}`, width: `min(100cqw, calc(100cqh * ${props.width / props.height}))` }}>
      <img src={props.url} alt={props.alt} draggable={false} />
      <canvas
        ref={overlay}
        class="mask-stage__overlay"
        data-testid="mask-canvas"
        style={{ opacity: props.overlayOpacity, cursor: 'none' }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onPointerLeave={(e) => {
          setCursor(null);
          if (!(e.buttons & 1)) up();
        }}
      />
      <Show when={cursor()}>
        {(c) => (
          <div
            class="mask-stage__cursor"
            classList={{ 'mask-stage__cursor--eraser': props.tool === 'eraser' }}
            style={{ left: `${c().x}px`, top: `${c().y}px`, width: `${c().diameter}px`, height: `${c().diameter}px` }}
          />
        )}
      </Show>
    </div>
  );
}
