import { describe, expect, it } from 'vitest';
import { emptyHistory, parseHistory, push, redo, stepSize, toImagePixels, undo, type MaskOp } from './mask-history';
import { shortcut } from './shortcuts';

const stroke = (x: number): MaskOp => ({ kind: 'stroke', tool: 'brush', size: 32, feather: 8, points: [x, 10, x + 5, 12] });

describe('mask history', () => {
  it('undoes and redoes operations exactly; a new operation ends the redo', () => {
    let h = push(push(emptyHistory(), stroke(1)), stroke(2));
    h = undo(h);
    expect(h.done).toEqual([stroke(1)]);
    expect(h.undone).toEqual([stroke(2)]);
    h = redo(h);
    expect(h.done).toEqual([stroke(1), stroke(2)]);
    h = push(undo(h), { kind: 'invert' });
    expect(h).toEqual({ done: [stroke(1), { kind: 'invert' }], undone: [] });
    expect(undo(undo(undo(h)))).toEqual({ done: [], undone: [{ kind: 'invert' }, stroke(1)] });
    expect(redo(emptyHistory())).toEqual(emptyHistory());
  });

  it('reads back what it stored and refuses anything else', () => {
    const h = push(push(emptyHistory(), stroke(3)), { kind: 'clear' });
    expect(parseHistory(JSON.parse(JSON.stringify(h)))).toEqual(h);
    expect(parseHistory(null)).toBeNull();
    expect(parseHistory({ done: [{ kind: 'stroke', tool: 'spray', size: 1, feather: 0, points: [] }], undone: [] })).toBeNull();
    expect(parseHistory({ done: 'x', undone: [] })).toBeNull();
  });

  it('maps the displayed image to source pixels, whatever size it is shown at', () => {
    const rect = { left: 100, top: 50, width: 384, height: 680 };
    expect(toImagePixels(100 + 192, 50 + 340, rect, { width: 768, height: 1360 })).toEqual({ x: 384, y: 680 });
    expect(toImagePixels(0, 0, rect, { width: 768, height: 1360 })).toEqual({ x: 0, y: 0 });
    expect(toImagePixels(10_000, 10_000, rect, { width: 768, height: 1360 })).toEqual({ x: 768, y: 1360 });
  });

  it('steps the brush size with [ and ]', () => {
    expect(stepSize(48, 1)).toBe(64);
    expect(stepSize(48, -1)).toBe(32);
    expect(stepSize(50, -1)).toBe(48);
    expect(stepSize(4, -1)).toBe(4);
    expect(stepSize(256, 1)).toBe(256);
  });
});

describe('editor keys', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
    shortcut({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  it('maps B, E, [, ], Ctrl-Z, Ctrl-Shift-Z, Ctrl-Y, ⌘-Z and Esc', () => {
    expect([key('b'), key('E'), key('['), key(']'), key('Escape')]).toEqual(['brush', 'eraser', 'smaller', 'larger', 'close']);
    expect(key('z', { ctrlKey: true })).toBe('undo');
    expect(key('Z', { ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(key('y', { ctrlKey: true })).toBe('redo');
    expect(key('z', { metaKey: true })).toBe('undo');
    expect([key('b', { ctrlKey: true }), key('x'), key('b', { altKey: true })]).toEqual([null, null, null]);
  });
});
