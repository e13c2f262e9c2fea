import { describe, expect, it } from 'vitest';
import { gridLayout, visibleRows } from './visible-range';

describe('gallery windowing', () => {
  it('fits as many columns as the minimum tile width allows', () => {
    expect(gridLayout(1000, 180, 12, 4 / 3)).toMatchObject({ columns: 5 });
    expect(gridLayout(150, 180, 12, 1).columns).toBe(1);
    const l = gridLayout(972, 180, 12, 1);
    expect(l.tileWidth).toBeCloseTo(184.8);
    expect(l.rowHeight).toBeCloseTo(196.8);
  });

  it('renders only the rows near the viewport, whatever the gallery size', () => {
    const rows = (top: number) => visibleRows({ top, viewportHeight: 900, rowHeight: 250, rowCount: 2000, overscan: 2 });
    expect(rows(200)).toEqual({ first: 0, last: 4 }); // grid starts 200 px down
    const deep = rows(-100_000); // scrolled 100 000 px into the grid
    expect(deep).toEqual({ first: 398, last: 405 });
    expect(deep.last - deep.first + 1).toBeLessThan(10);
    expect(rows(-1_000_000)).toEqual({ first: 1999, last: 1999 });
    expect(visibleRows({ top: 0, viewportHeight: 900, rowHeight: 250, rowCount: 0, overscan: 2 })).toEqual({ first: 0, last: -1 });
  });
});
