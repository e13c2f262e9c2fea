import { For } from 'solid-js';

export interface FilterOption {
  id: string;
  label: string;
}

/** One labelled select of the gallery's filter bar ("" = all). */
function FilterSelect(props: { label: string; name: string; value: string; options: ReadonlyArray<FilterOption>; onChange: (value: string) => void }) {
  return (
    <div class="field field--inline">
      <label class="field__label" for={`filter-${props.name}`}>
        {props.label}
      </label>
      <select id={`filter-${props.name}`} name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">All</option>
        <For each={props.options}>
          {(o) => (
            <option value={o.id} selected={o.id === props.value}>
              {o.label}
            </option>
          )}
        </For>
      </select>
    </div>
  );
}

export const KIND_OPTIONS: FilterOption[] = [
  { id: 'GENERATED', label: 'Generated' },
  { id: 'EDITED', label: 'Edited' },
  { id: 'BASE', label: 'Base image' },
  { id: 'CHARACTER_SHEET', label: 'Character sheet' },
];

/** The identity filter: by the server's status (relative to its threshold), or strong scores only. */
export const FACE_OPTIONS: FilterOption[] = [
  { id: 'strong', label: 'Strong match (≥ 0.8)' },
  { id: 'MATCHED', label: 'Matches the base face' },
  { id: 'DRIFTED', label: "Doesn't match" },
  { id: 'NO_FACE', label: 'No face' },
];

/** Scene, environment, kind, influencer and face filters, and favourites only. */
export function GalleryFilters(props: {
  scenes: ReadonlyArray<FilterOption>;
  environments: ReadonlyArray<FilterOption>;
  influencers: ReadonlyArray<FilterOption>;
  value: { scene: string; environment: string; kind: string; influencer: string; liked: string; face: string };
  onChange: (name: 'scene' | 'environment' | 'kind' | 'influencer' | 'liked' | 'face', value: string) => void;
}) {
  return (
    <div class="filter-bar" role="group" aria-label="Filters">
      <FilterSelect label="Influencer" name="influencer" value={props.value.influencer} options={props.influencers} onChange={(v) => props.onChange('influencer', v)} />
      <FilterSelect label="Scene" name="scene" value={props.value.scene} options={props.scenes} onChange={(v) => props.onChange('scene', v)} />
      <FilterSelect label="Environment" name="environment" value={props.value.environment} options={props.environments} onChange={(v) => props.onChange('environment', v)} />
      <FilterSelect label="Kind" name="kind" value={props.value.kind} options={KIND_OPTIONS} onChange={(v) => props.onChange('kind', v)} />
      <FilterSelect label="Face" name="face" value={props.value.face} options={FACE_OPTIONS} onChange={(v) => props.onChange('face', v)} />
      <button
        type="button"
        class="button filter-toggle"
        aria-pressed={props.value.liked === '1'}
        classList={{ 'button--primary': props.value.liked === '1' }}
        onClick={() => props.onChange('liked', props.value.liked === '1' ? '' : '1')}
      >
        ★ Favourites
      </button>
    </div>
  );
}
