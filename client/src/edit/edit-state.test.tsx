import { fireEvent, render, screen } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { makeFragmentData } from '../generated';
import { loadDraft, saveDraft } from './edit-draft';
import { applyBlocker, EditPanel } from './edit-panel';
import { applyEditEvent, EditStateFragmentDoc, type EditView } from './edit-state';
import { push } from './mask-history';

const edit = (over: Partial<EditView> = {}): EditView => ({
  id: 'E1',
  status: 'QUEUED',
  prompt: 'a scarf',
  negativePrompt: null,
  maskCoverage: 0.1,
  error: null,
  creditsReserved: 2,
  creditsCharged: 0,
  createdAt: '2026-12-03T10:00:00Z',
  completedAt: null,
  source: { id: 'S1' },
  result: null,
  ...over,
});
const event = (sequence: number, e: EditView, snapshot = false) => ({ sequence, snapshot, edit: makeFragmentData(e, EditStateFragmentDoc) });

describe('editProgress events', () => {
  it('apply in sequence; stale ones are ignored; a snapshot replaces the state', () => {
    let s = applyEditEvent(null, event(1, edit(), true));
    s = applyEditEvent(s, event(2, edit({ status: 'RUNNING' })));
    expect(applyEditEvent(s, event(1, edit({ status: 'QUEUED' })))).toBe(s);
    s = applyEditEvent(s, event(3, edit({ status: 'FAILED', error: 'boom' })));
    expect(s.edit.status).toBe('FAILED');
    expect(applyEditEvent(s, event(3, edit({ status: 'QUEUED' }), true)).edit.status).toBe('QUEUED');
  });
});

describe('the edit panel', () => {
  const base = { sourceUrl: '/s.png', prompt: 'a scarf', negativePrompt: '', price: 2, credits: 10, coverage: 0.1, streamError: null, busy: false, view: 'mask' as const };
  const handlers = () => ({ onPrompt: vi.fn(), onNegativePrompt: vi.fn(), onApply: vi.fn(), onRetry: vi.fn(), onEditAgain: vi.fn(), onClose: vi.fn() });

  it('says why Apply is not possible', () => {
    const ok = { coverage: 0.1, prompt: 'x', price: 2, credits: 10, running: false };
    expect(applyBlocker(ok)).toBeNull();
    expect(applyBlocker({ ...ok, coverage: 0 })).toBe('Paint over the area to change first.');
    expect(applyBlocker({ ...ok, prompt: '  ' })).toBe('Describe the change.');
    expect(applyBlocker({ ...ok, credits: 1 })).toBe('Not enough credits: an edit costs 2, you have 1.');
    expect(applyBlocker({ ...ok, running: true })).toBe('An edit is under way.');
  });

  it('shows the cost, the negative prompt caveat, and applies', () => {
    const h = handlers();
    render(() => <EditPanel {...base} edit={null} {...h} />);
    expect(screen.getByTestId('edit-cost').textContent).toContain('Costs 2 credits');
    expect(screen.getByTestId('negative-prompt-note').textContent).toMatch(/no effect.*cfg 1/);
    fireEvent.click(screen.getByRole('button', { name: 'Apply edit' }));
    expect(h.onApply).toHaveBeenCalledOnce();
  });

  it('shows a failure in words with Retry, keeping the prompt', () => {
    const h = handlers();
    render(() => <EditPanel {...base} edit={edit({ status: 'FAILED', error: 'CUDA out of memory in the sampler' })} {...h} />);
    expect(screen.getByTestId('edit-status').textContent).toBe('The edit failed');
    expect(screen.getByRole('alert').textContent).toContain('The GPU ran out of memory');
    expect((screen.getByLabelText('Describe the change', { exact: false }) as HTMLTextAreaElement).value).toBe('a scarf');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(h.onRetry).toHaveBeenCalledOnce();
  });
});

describe('the draft', () => {
  it('is kept per image in sessionStorage', () => {
    const draft = { ...loadDraft('A1'), prompt: 'a hat', history: push({ done: [], undone: [] }, { kind: 'invert' }) };
    saveDraft('A1', draft);
    expect(JSON.parse(sessionStorage.getItem('studio.edit.A1')!)).toMatchObject({ prompt: 'a hat', history: { done: [{ kind: 'invert' }] } });
    expect(loadDraft('A1')).toEqual(draft);
    expect(loadDraft('A2').prompt).toBe('');
  });
});
