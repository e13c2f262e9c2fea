import { For, Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { visibleOutfits, type OutfitChoice } from './outfit-rules';

export const OutfitPickerFragment = graphql(`
  fragment OutfitPicker_outfit on OutfitPreset {
    id
    label
    category
    nsfwOnly
  }
`);

/**
 * "Keep current" or "Change" for this pack only: the influencer's default outfit never changes here.
 * NSFW-only outfits are listed only while NSFW is on.
 */
export function OutfitPicker(props: {
  outfits: ReadonlyArray<FragmentType<typeof OutfitPickerFragment>>;
  defaultOutfit: string;
  nsfw: boolean;
  choice: OutfitChoice;
  onChange: (choice: OutfitChoice) => void;
}) {
  const outfits = () => useFragment(OutfitPickerFragment, props.outfits);
  const shown = () => visibleOutfits(outfits(), props.nsfw);
  const currentLabel = () => outfits().find((o) => o.id === props.defaultOutfit)?.label ?? props.defaultOutfit;
  return (
    <fieldset class="control-group">
      <legend class="control-group__title">Outfit</legend>
      <div class="segmented segmented--wide" role="radiogroup" aria-label="Outfit mode">
        <label>
          <input
            type="radio"
            name="outfit-mode"
            value="keep"
            checked={props.choice.mode === 'keep'}
            onChange={() => props.onChange({ mode: 'keep', outfitId: props.choice.outfitId })}
          />
          <span>
            Keep current <span class="segmented__sub">{currentLabel()}</span>
          </span>
        </label>
        <label>
          <input
            type="radio"
            name="outfit-mode"
            value="change"
            checked={props.choice.mode === 'change'}
            onChange={() => props.onChange({ mode: 'change', outfitId: props.choice.outfitId })}
          />
          <span>
            Change <span class="segmented__sub">for this pack only</span>
          </span>
        </label>
      </div>
      <Show when={props.choice.mode === 'change'}>
        <div class="outfit-grid" role="radiogroup" aria-label="Outfits">
          <For each={shown()}>
            {(outfit) => (
              <label class="chip" classList={{ 'chip--nsfw': outfit.nsfwOnly }}>
                <input
                  type="radio"
                  name="outfit"
                  value={outfit.id}
                  checked={props.choice.outfitId === outfit.id}
                  onChange={() => props.onChange({ mode: 'change', outfitId: outfit.id })}
                />
                <span>{outfit.label}</span>
                <Show when={outfit.id === props.defaultOutfit}>
                  <span class="chip__tag">current</span>
                </Show>
                <Show when={outfit.nsfwOnly}>
                  <span class="chip__tag chip__tag--nsfw">18+</span>
                </Show>
              </label>
            )}
          </For>
        </div>
        <Show when={!props.choice.outfitId}>
          <p class="field__hint">Pick an outfit; until then the current one is used.</p>
        </Show>
      </Show>
    </fieldset>
  );
}
