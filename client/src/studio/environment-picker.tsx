import { For } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';

export const EnvironmentPickerFragment = graphql(`
  fragment EnvironmentPicker_environment on EnvironmentPreset {
    id
    label
    description
  }
`);

/** Colour swatches that hint at each location. */
const SWATCH: Record<string, string> = {
  beach: 'linear-gradient(135deg,#f7c873,#3aa7c9)',
  home_bedroom: 'linear-gradient(135deg,#e9c9b1,#9a7b6a)',
  home_living_room: 'linear-gradient(135deg,#d9a86c,#6b4f3a)',
  office: 'linear-gradient(135deg,#c9d3df,#56677d)',
  cafe: 'linear-gradient(135deg,#c48a5a,#4b2e1f)',
  urban_street: 'linear-gradient(135deg,#8a93a6,#2b2f3a)',
  studio: 'linear-gradient(135deg,#f2f2f2,#9a9aa5)',
};

/** The 7 environment presets as radio cards. */
export function EnvironmentPicker(props: { environments: ReadonlyArray<FragmentType<typeof EnvironmentPickerFragment>>; value: string; onChange: (id: string) => void }) {
  const environments = () => useFragment(EnvironmentPickerFragment, props.environments);
  return (
    <fieldset class="control-group">
      <legend class="control-group__title">Environment</legend>
      <div class="choice-grid">
        <For each={environments()}>
          {(environment) => (
            <label class="choice-card">
              <input type="radio" name="environment" value={environment.id} checked={props.value === environment.id} onChange={() => props.onChange(environment.id)} />
              <span class="choice-card__swatch" style={{ background: SWATCH[environment.id] ?? 'var(--surface-3)' }} aria-hidden="true" />
              <span class="choice-card__title">{environment.label}</span>
              <span class="choice-card__text">{environment.description}</span>
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
