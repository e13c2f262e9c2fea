import { For, createEffect, createMemo, createSignal, onCleanup, onMount, type JSX } from 'solid-js';
import { gridLayout, visibleRows } from './visible-range';

/**
 * A windowed grid on the page's own scroll: only the rows near the viewport are in the DOM, so a
 * gallery of thousands of images stays light. Asks for more items when the end comes into view.
 */
export function VirtualGrid(props: {
  count: number;
  minTileWidth: number;
  tileAspect: number;
  gap: number;
  overscan?: number;
  onEndVisible?: () => void;
  children: (index: number) => JSX.Element;
}) {
  let el!: HTMLDivElement;
  const [width, setWidth] = createSignal(0);
  const [top, setTop] = createSignal(0);
  const [viewport, setViewport] = createSignal(window.innerHeight);

  const measure = () => {
    const rect = el.getBoundingClientRect();
    setTop(rect.top);
    setWidth(rect.width);
    setViewport(window.innerHeight);
  };
  onMount(() => {
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    window.addEventListener('scroll', measure, { passive: true });
    window.addEventListener('resize', measure);
    onCleanup(() => {
      ro.disconnect();
      window.removeEventListener('scroll', measure);
      window.removeEventListener('resize', measure);
    });
  });

  const layout = createMemo(() => gridLayout(width() || props.minTileWidth, props.minTileWidth, props.gap, props.tileAspect));
  const rowCount = () => Math.ceil(props.count / layout().columns);
  const range = createMemo(() => visibleRows({ top: top(), viewportHeight: viewport(), rowHeight: layout().rowHeight, rowCount: rowCount(), overscan: props.overscan ?? 3 }));
  const indices = createMemo(() => {
    const { first, last } = range();
    const out: number[] = [];
    const end = Math.min(props.count, (last + 1) * layout().columns);
    for (let i = first * layout().columns; i < end; i++) out.push(i);
    return out;
  });
  // Near the end of what is loaded: ask for the next page.
  createEffect(() => {
    if (props.count > 0 && range().last >= rowCount() - 2) props.onEndVisible?.();
  });

  return (
    <div ref={el} class="virtual-grid" role="list" style={{ height: `${Math.max(0, rowCount() * layout().rowHeight - props.gap)}px` }}>
      <div
        class="virtual-grid__window"
        style={{
          transform: `translateY(${range().first * layout().rowHeight}px)`,
          'grid-template-columns': `repeat(${layout().columns}, minmax(0, 1fr))`,
          gap: `${props.gap}px`,
        }}
      >
        <For each={indices()}>
          {(index) => (
            <div role="listitem" style={{ height: `${layout().rowHeight - props.gap}px` }}>
              {props.children(index)}
            </div>
          )}
        </For>
      </div>
    </div>
  );
}
