import { describe, expect, it } from 'vitest';
import { firstSightOfUnlock, unlockKey, type SeenStore } from './hd-unlock-notice';

const store = (): SeenStore & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

describe('HD unlock notice', () => {
  it('announces an unlock once, even after a reload (same storage) or a replayed event', () => {
    const s = store();
    const key = unlockKey('inf-1', '2026-12-03T12:00:00.000Z');
    expect(firstSightOfUnlock(key, s)).toBe(true);
    expect(firstSightOfUnlock(key, s)).toBe(false);
    expect(firstSightOfUnlock(unlockKey('inf-1', '2026-12-03T12:00:00.000Z'), s)).toBe(false);
  });

  it('announces another influencer, and a retrained LoRA of the same one', () => {
    const s = store();
    expect(firstSightOfUnlock(unlockKey('inf-1', 'a'), s)).toBe(true);
    expect(firstSightOfUnlock(unlockKey('inf-2', 'a'), s)).toBe(true);
    expect(firstSightOfUnlock(unlockKey('inf-1', 'b'), s)).toBe(true);
  });

  it('survives unreadable storage and keeps a bounded list', () => {
    const s = store();
    s.data.set('content-studio.hd-unlocks-seen', '{not json');
    expect(firstSightOfUnlock('x', s)).toBe(true);
    for (let i = 0; i < 150; i++) firstSightOfUnlock(`k${i}`, s);
    expect(JSON.parse(s.data.get('content-studio.hd-unlocks-seen')!)).toHaveLength(100);
    const failing: SeenStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(firstSightOfUnlock('y', failing)).toBe(true);
  });
});
