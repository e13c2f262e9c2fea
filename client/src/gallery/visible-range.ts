/** Geometry of a grid of equal tiles that fills its container's width. */
export interface GridLayout {
  columns: number;
  tileWidth: number;
  rowHeight: number;
}

export function gridLayout(width: number, minTile: number, gap: number, tileAspect: number): GridLayout {
  const columns = Math.max(1, Math.floor((width + gap) / (minTile + gap)));
  const tileWidth = (width - gap * (columns - 1)) / columns;
  return { columns, tileWidth, rowHeight: tileWidth * tileAspect + gap };
}

/**
 * The rows worth rendering: those intersecting the viewport plus `overscan` rows either side.
 * `top` is the grid's top relative to the viewport's top (negative once scrolled past).
 */
export function visibleRows(args: { top: number; viewportHeight: number; rowHeight: number; rowCount: number; overscan: number }) {
  const { top, viewportHeight, rowHeight, rowCount, overscan } = args;
  if (rowCount === 0 || rowHeight <= 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(-top / rowHeight) - overscan);
  const last = Math.min(rowCount - 1, Math.floor((viewportHeight - top) / rowHeight) + overscan);
  return { first: Math.min(first, rowCount - 1), last: Math.max(last, -1) };
}
