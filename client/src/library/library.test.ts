import { describe, expect, it } from 'vitest';
import { creatorError } from './gpu-error';
import { neighbours, nextSelection } from './selection';

describe('gallery selection', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  it('toggles one tile on a plain click', () => {
    expect([...nextSelection(new Set(['a']), order, 'c', 'a', false)]).toEqual(['a', 'c']);
    expect([...nextSelection(new Set(['a', 'c']), order, 'c', 'a', false)]).toEqual(['a']);
  });
  it('selects the range from the anchor on shift-click, in either direction', () => {
    expect([...nextSelection(new Set(['b']), order, 'd', 'b', true)].sort()).toEqual(['b', 'c', 'd']);
    expect([...nextSelection(new Set(), order, 'a', 'c', true)].sort()).toEqual(['a', 'b', 'c']);
  });
  it('finds the previous and next image of the gallery order', () => {
    expect(neighbours(order, 'a')).toEqual({ previous: null, next: 'b' });
    expect(neighbours(order, 'e')).toEqual({ previous: 'd', next: null });
    expect(neighbours(order, 'zz')).toEqual({ previous: null, next: null });
  });
});

describe('GPU errors for creators', () => {
  it('translates known vendor errors and keeps a fallback', () => {
    expect(creatorError('RunPod job exceeded executionTimeout (600000 ms)').title).toBe('The GPU took too long');
    expect(creatorError('CUDA out of memory. Tried to allocate 2.00 GiB').title).toBe('The GPU ran out of memory');
    expect(creatorError('HTTP 503 Service Unavailable').title).toBe('The GPU service could not be reached');
    expect(creatorError('prompt_outputs_failed_validation: node 12').title).toBe('The image recipe was rejected');
    expect(creatorError('something odd')).toMatchObject({ title: 'This image failed', retryable: true });
    expect(creatorError(null).title).toBe('This image failed');
  });
});
