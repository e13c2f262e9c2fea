export type EditorShortcut = 'brush' | 'eraser' | 'smaller' | 'larger' | 'undo' | 'redo' | 'close';

/** The editor's keys: B, E, [ and ], Ctrl/⌘-Z (undo), Ctrl/⌘-Shift-Z or Ctrl/⌘-Y (redo), Esc. */
export function shortcut(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }): EditorShortcut | null {
  if (e.key === 'Escape') return 'close';
  const command = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (command && !e.altKey) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    return null;
  }
  if (e.altKey) return null;
  if (key === 'b') return 'brush';
  if (key === 'e') return 'eraser';
  if (e.key === '[') return 'smaller';
  if (e.key === ']') return 'larger';
  return null;
}
