import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepCreditsFresh } from './credits';

describe('keepCreditsFresh', () => {
  afterEach(() => vi.useRealTimers());

  it('re-reads the balance on focus, on becoming visible and every minute, until disposed', () => {
    vi.useFakeTimers();
    const refresh = vi.fn();
    const dispose = keepCreditsFresh(refresh, { everyMs: 60_000 });
    window.dispatchEvent(new Event('focus'));
    expect(refresh).toHaveBeenCalledTimes(1);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(refresh).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(60_000);
    expect(refresh).toHaveBeenCalledTimes(3);
    dispose();
    window.dispatchEvent(new Event('focus'));
    vi.advanceTimersByTime(120_000);
    expect(refresh).toHaveBeenCalledTimes(3);
  });
});
