import { For } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';

export const ScenePickerFragment = graphql(`
  fragment ScenePicker_scene on ScenePreset {
    id
    label
    description
  }
`);

/** Pictures rendered once by the local GPU (server/scripts/render-scene-cards.ts), one per scene. */
const picture = (id: string) => `/scenes/${id}.webp`;

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
              <img class="choice-card__picture" src={picture(scene.id)} alt="" width="120" height="80" loading="lazy" />
              <span class="choice-card__title">{scene.label}</span>
              <span class="choice-card__text">{scene.description}</span>
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
