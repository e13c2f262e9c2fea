import { BRUSH_SIZES, type MaskTool } from './mask-history';

/** Brush / eraser, size, feather, overlay opacity, undo / redo, clear, invert. */
export function MaskToolbar(props: {
  tool: MaskTool;
  size: number;
  feather: number;
  overlayOpacity: number;
  canUndo: boolean;
  canRedo: boolean;
  coverage: number;
  disabled: boolean;
  onTool: (tool: MaskTool) => void;
  onSize: (size: number) => void;
  onFeather: (feather: number) => void;
  onOverlayOpacity: (opacity: number) => void;
  onUndo: () => void;
  onRedo: () => void;
  onClear: () => void;
  onInvert: () => void;
}) {
  return (
    <div class="mask-toolbar" role="toolbar" aria-label="Mask tools">
      <div class="segmented" role="group" aria-label="Tool">
        <button type="button" class="mask-toolbar__tool" aria-pressed={props.tool === 'brush'} title="Brush (B)" onClick={() => props.onTool('brush')}>
          Brush <kbd>B</kbd>
        </button>
        <button type="button" class="mask-toolbar__tool" aria-pressed={props.tool === 'eraser'} title="Eraser (E)" onClick={() => props.onTool('eraser')}>
          Eraser <kbd>E</kbd>
        </button>
      </div>
      <label class="mask-toolbar__range" title="[ smaller · ] larger">
        <span>
          Size <output data-testid="brush-size">{props.size}</output> px
        </span>
        <input
          type="range"
          min={BRUSH_SIZES[0]}
          max={BRUSH_SIZES[BRUSH_SIZES.length - 1]}
          step="1"
          value={props.size}
          onInput={(e) => props.onSize(Number(e.currentTarget.value))}
        />
      </label>
      <label class="mask-toolbar__range" title="Soft edge of new strokes">
        <span>Feather {props.feather} px</span>
        <input type="range" min="0" max="64" step="1" value={props.feather} onInput={(e) => props.onFeather(Number(e.currentTarget.value))} />
      </label>
      <label class="mask-toolbar__range">
        <span>Overlay {Math.round(props.overlayOpacity * 100)} %</span>
        <input
          type="range"
          min="10"
          max="100"
          step="5"
          value={Math.round(props.overlayOpacity * 100)}
          onInput={(e) => props.onOverlayOpacity(Number(e.currentTarget.value) / 100)}
        />
      </label>
      <div class="mask-toolbar__actions">
        <button type="button" class="button button--small" disabled={props.disabled || !props.canUndo} title="Undo (Ctrl-Z)" onClick={() => props.onUndo()}>
          Undo
        </button>
        <button type="button" class="button button--small" disabled={props.disabled || !props.canRedo} title="Redo (Ctrl-Shift-Z / Ctrl-Y)" onClick={() => props.onRedo()}>
          Redo
        </button>
        <button type="button" class="button button--small" disabled={props.disabled} onClick={() => props.onClear()}>
          Clear
        </button>
        <button type="button" class="button button--small" disabled={props.disabled} title="Edit everything but what is painted" onClick={() => props.onInvert()}>
          Invert
        </button>
      </div>
      <span class="muted mask-toolbar__coverage" data-testid="mask-coverage">
        {props.coverage > 0 ? `Mask: ${(props.coverage * 100).toFixed(1)} % of the image` : 'Paint over what should change'}
      </span>
    </div>
  );
}
