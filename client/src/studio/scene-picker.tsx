import { For } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';

export const ScenePickerFragment = graphql(`
  fragment ScenePicker_scene on ScenePreset {
    id
    label
    description
  }
`);

const ICONS: Record<string, string> = {
  professional_portrait: '◉',
  candid_lifestyle: '☼',
  fashion_editorial: '✧',
  fitness_motivation: '⚡',
  morning_vibes: '☕',
  night_out: '☾',
  cozy_home: '⌂',
  beach_day: '≈',
};

/** The 8 scene presets as radio cards (arrow keys move between them). */
export function ScenePicker(props: { scenes: ReadonlyArray<FragmentType<typeof ScenePickerFragment>>; value: string; onChange: (id: string) => void }) {
  const scenes = () => useFragment(ScenePickerFragment, props.scenes);
  return (
    <fieldset class="control-group">
      <legend class="control-group__title">Scene</legend>
      <div class="choice-grid">
        <For each={scenes()}>
          {(scene) => (
            <label class="choice-card">
              <input type="radio" name="scene" value={scene.id} checked={props.value === scene.id} onChange={() => props.onChange(scene.id)} />
              <span class="choice-card__icon" aria-hidden="true">
                {ICONS[scene.id] ?? '•'}
              </span>
              <span class="choice-card__title">{scene.label}</span>
              <span class="choice-card__text">{scene.description}</span>
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
