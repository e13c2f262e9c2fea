/**
 * Gallery selection rules: a plain click toggles one tile, a shift-click selects the range from
 * the last clicked tile (the anchor) to this one, like a file manager.
 */
export function nextSelection(selected: ReadonlySet<string>, order: readonly string[], clicked: string, anchor: string | null, shift: boolean): Set<string> {
  const out = new Set(selected);
  const from = anchor === null ? -1 : order.indexOf(anchor);
  const to = order.indexOf(clicked);
  if (shift && from >= 0 && to >= 0) {
    const [a, b] = from < to ? [from, to] : [to, from];
    for (let i = a; i <= b; i++) out.add(order[i]!);
    return out;
  }
  if (out.has(clicked)) out.delete(clicked);
  else out.add(clicked);
  return out;
}

/** The ids before and after `id` in the gallery order (null at the ends or when unknown). */
export function neighbours(order: readonly string[], id: string): { previous: string | null; next: string | null } {
  const i = order.indexOf(id);
  if (i < 0) return { previous: null, next: null };
  return { previous: order[i - 1] ?? null, next: order[i + 1] ?? null };
}
