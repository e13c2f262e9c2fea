import { createSignal } from 'solid-js';

/** The edit over its source, split by a handle: left of it the source (before), right the result (after). */
export function BeforeAfter(props: { before: string; after: string; width: number; height: number }) {
  const [split, setSplit] = createSignal(50);
  return (
    <div
      class="before-after"
      data-testid="before-after"
      style={{ 'aspect-ratio': `${props.width} / ${props.height}`, width: `min(100cqw, calc(100cqh * ${props.width / props.height}))` }}
    >
      <img src={props.after} alt="After the edit" />
      <img src={props.before} alt="Before the edit" class="before-after__before" style={{ 'clip-path': `inset(0 ${100 - split()}% 0 0)` }} />
      <div class="before-after__handle" style={{ left: `${split()}%` }} aria-hidden="true" />
      <span class="before-after__label before-after__label--before">Before</span>
      <span class="before-after__label before-after__label--after">After</span>
      <input
        type="range"
        class="before-after__range"
        min="0"
        max="100"
        step="1"
        value={split()}
        aria-label="Before / after"
        onInput={(e) => setSplit(Number(e.currentTarget.value))}
      />
    </div>
  );
}
