import { fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '../generated';
import { presets } from '../test/studio-fixtures';
import { OutfitPicker, OutfitPickerFragment } from './outfit-picker';
import { KEEP_CURRENT, choiceAfterNsfw, defaultOutfitOptions, outfitForGeneration, visibleOutfits, type OutfitChoice } from './outfit-rules';

const outfits = presets.outfits.map((o) => makeFragmentData(o, OutfitPickerFragment));

function mount(nsfw: boolean) {
  const [choice, setChoice] = createSignal<OutfitChoice>(KEEP_CURRENT);
  render(() => <OutfitPicker outfits={outfits} defaultOutfit="white_tee_jeans" nsfw={nsfw} choice={choice()} onChange={setChoice} />);
  return choice;
}

const outfitNames = () =>
  screen
    .queryAllByRole('radio')
    .filter((r) => (r as HTMLInputElement).name === 'outfit')
    .map((r) => (r as HTMLInputElement).value);

describe('OutfitPicker', () => {
  it('keeps the current outfit by default and lists outfits only after "Change"', () => {
    const choice = mount(false);
    expect((screen.getByRole('radio', { name: /^Keep current/ }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('White tee & jeans', { selector: '.segmented__sub' })).toBeTruthy();
    expect(outfitNames()).toEqual([]);
    fireEvent.click(screen.getByRole('radio', { name: /^Change/ }));
    expect(choice()).toEqual({ mode: 'change', outfitId: null });
    expect(outfitNames()).toEqual(['white_tee_jeans', 'leather_jacket', 'bikini']);
    expect(screen.getByText('current')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: /Leather jacket/ }));
    expect(choice()).toEqual({ mode: 'change', outfitId: 'leather_jacket' });
    // Back to "Keep current": the pick is remembered but not used.
    fireEvent.click(screen.getByRole('radio', { name: /^Keep current/ }));
    expect(choice()).toEqual({ mode: 'keep', outfitId: 'leather_jacket' });
    expect(outfitForGeneration(choice(), 'white_tee_jeans')).toBeUndefined();
  });

  it('offers the NSFW-only outfits only when NSFW is on', () => {
    mount(true);
    fireEvent.click(screen.getByRole('radio', { name: /^Change/ }));
    expect(outfitNames()).toEqual(['white_tee_jeans', 'leather_jacket', 'bikini', 'lingerie']);
    expect(screen.getByText('18+')).toBeTruthy();
  });
});

describe('outfit rules', () => {
  it('sends an outfit only when one other than the default is picked in "Change" mode', () => {
    expect(outfitForGeneration(KEEP_CURRENT, 'white_tee_jeans')).toBeUndefined();
    expect(outfitForGeneration({ mode: 'change', outfitId: null }, 'white_tee_jeans')).toBeUndefined();
    expect(outfitForGeneration({ mode: 'change', outfitId: 'white_tee_jeans' }, 'white_tee_jeans')).toBeUndefined();
    expect(outfitForGeneration({ mode: 'change', outfitId: 'bikini' }, 'white_tee_jeans')).toBe('bikini');
    expect(outfitForGeneration({ mode: 'keep', outfitId: 'bikini' }, 'white_tee_jeans')).toBeUndefined();
  });

  it('drops an NSFW-only pick when NSFW goes off, and keeps any other', () => {
    expect(choiceAfterNsfw({ mode: 'change', outfitId: 'lingerie' }, false, presets.outfits)).toEqual({ mode: 'change', outfitId: null });
    expect(choiceAfterNsfw({ mode: 'change', outfitId: 'lingerie' }, true, presets.outfits)).toEqual({ mode: 'change', outfitId: 'lingerie' });
    expect(choiceAfterNsfw({ mode: 'change', outfitId: 'bikini' }, false, presets.outfits)).toEqual({ mode: 'change', outfitId: 'bikini' });
  });

  it('never offers an NSFW-only outfit as a default, nor for a SFW pack', () => {
    expect(defaultOutfitOptions(presets.outfits).map((o) => o.id)).not.toContain('lingerie');
    expect(visibleOutfits(presets.outfits, false).map((o) => o.id)).not.toContain('lingerie');
    expect(visibleOutfits(presets.outfits, true).map((o) => o.id)).toContain('lingerie');
  });
});
