import { For, Show, createSignal } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import type { CreateInfluencerInput, Gender, InfluencerStyle } from '../generated/graphql';
import { defaultOutfitOptions } from '../studio/outfit-rules';
import { BaseImageInput } from './base-image-input';

export const InfluencerFormOutfitFragment = graphql(`
  fragment InfluencerForm_outfit on OutfitPreset {
    id
    label
    category
    nsfwOnly
  }
`);

const SUGGESTIONS = {
  ethnicity: ['East Asian', 'South Asian', 'Black', 'Latina', 'Latino', 'Mediterranean', 'Middle Eastern', 'Nordic', 'Slavic', 'Mixed'],
  hairColor: ['black', 'dark brown', 'brown', 'auburn', 'red', 'blonde', 'platinum', 'grey', 'pink'],
  hairStyle: ['long wavy', 'long straight', 'shoulder-length', 'bob', 'pixie cut', 'curly', 'braids', 'ponytail', 'buzz cut', 'short'],
  eyeColor: ['brown', 'hazel', 'green', 'blue', 'grey', 'amber'],
  bodyType: ['slim', 'athletic', 'average', 'curvy', 'muscular', 'petite'],
};

export interface InfluencerFormValues {
  input: CreateInfluencerInput;
  baseImage: File;
}

/** A text field with suggestions (datalist) and its label. */
function SuggestField(props: { name: keyof typeof SUGGESTIONS; label: string; placeholder: string; error?: string }) {
  return (
    <label class="field">
      <span class="field__label">{props.label}</span>
      <input name={props.name} list={`${props.name}-options`} placeholder={props.placeholder} required maxlength="60" aria-invalid={props.error ? 'true' : undefined} />
      <datalist id={`${props.name}-options`}>
        <For each={SUGGESTIONS[props.name]}>{(s) => <option value={s} />}</For>
      </datalist>
      <Show when={props.error}>
        <span class="field__error">{props.error}</span>
      </Show>
    </label>
  );
}

/** The create form: name, style, appearance, default outfit, NSFW and the base image. */
export function InfluencerForm(props: {
  outfits: ReadonlyArray<FragmentType<typeof InfluencerFormOutfitFragment>>;
  busy: boolean;
  errors: Record<string, string>;
  onSubmit: (values: InfluencerFormValues) => void;
}) {
  const outfits = () => defaultOutfitOptions(useFragment(InfluencerFormOutfitFragment, props.outfits));
  const [file, setFile] = createSignal<File | null>(null);
  const [fileError, setFileError] = createSignal<string | null>(null);
  const submit = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    const image = file();
    if (!image) return setFileError('Choose a face photo.');
    setFileError(null);
    props.onSubmit({
      baseImage: image,
      input: {
        name: text('name'),
        style: text('style') as InfluencerStyle,
        gender: text('gender') as Gender,
        age: Number(text('age')),
        ethnicity: text('ethnicity'),
        hairColor: text('hairColor'),
        hairStyle: text('hairStyle'),
        eyeColor: text('eyeColor'),
        bodyType: text('bodyType'),
        defaultOutfit: text('defaultOutfit'),
        nsfwEnabled: data.get('nsfwEnabled') === 'on',
      },
    });
  };
  return (
    <form
      class="influencer-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget);
      }}
    >
      <div class="influencer-form__main card">
        <h2 class="section-title">Identity</h2>
        <label class="field">
          <span class="field__label">Name</span>
          <input name="name" required maxlength="80" placeholder="e.g. Mia Laurent" autocomplete="off" aria-invalid={props.errors.name ? 'true' : undefined} />
          <Show when={props.errors.name}>
            <span class="field__error">{props.errors.name}</span>
          </Show>
        </label>
        <div class="field-row">
          <fieldset class="field segmented">
            <legend class="field__label">Style</legend>
            <label>
              <input type="radio" name="style" value="REALISTIC" checked />
              <span>Realistic</span>
            </label>
            <label>
              <input type="radio" name="style" value="ANIME" />
              <span>Anime</span>
            </label>
          </fieldset>
          <fieldset class="field segmented">
            <legend class="field__label">Gender</legend>
            <label>
              <input type="radio" name="gender" value="FEMALE" checked />
              <span>Woman</span>
            </label>
            <label>
              <input type="radio" name="gender" value="MALE" />
              <span>Man</span>
            </label>
          </fieldset>
          <label class="field field--narrow">
            <span class="field__label">Age</span>
            <input name="age" type="number" min="18" max="90" value="25" required aria-invalid={props.errors.age ? 'true' : undefined} />
            <Show when={props.errors.age}>
              <span class="field__error">{props.errors.age}</span>
            </Show>
          </label>
        </div>
        <h2 class="section-title">Appearance</h2>
        <div class="field-grid">
          <SuggestField name="ethnicity" label="Ethnicity" placeholder="e.g. Mediterranean" error={props.errors.ethnicity} />
          <SuggestField name="bodyType" label="Body type" placeholder="e.g. athletic" error={props.errors.bodyType} />
          <SuggestField name="hairColor" label="Hair colour" placeholder="e.g. dark brown" error={props.errors.hairColor} />
          <SuggestField name="hairStyle" label="Hair style" placeholder="e.g. long wavy" error={props.errors.hairStyle} />
          <SuggestField name="eyeColor" label="Eye colour" placeholder="e.g. hazel" error={props.errors.eyeColor} />
          <div class="field">
            <label class="field__label" for="default-outfit">
              Default outfit
            </label>
            <select id="default-outfit" name="defaultOutfit" required aria-describedby="default-outfit-hint">
              <For each={outfits()}>{(o) => <option value={o.id}>{o.label}</option>}</For>
            </select>
            <span id="default-outfit-hint" class="field__hint">
              Worn unless a generation changes it.
            </span>
          </div>
        </div>
        <label class="toggle">
          <input type="checkbox" name="nsfwEnabled" role="switch" aria-describedby="nsfw-hint" />
          <span class="toggle__track" aria-hidden="true" />
          <span>
            <span class="toggle__label">Allow NSFW generations</span>
            <span id="nsfw-hint" class="field__hint" aria-hidden="true">
              Adult content is stored privately and served through signed links only.
            </span>
          </span>
        </label>
      </div>
      <aside class="influencer-form__side card">
        <h2 class="section-title">Face</h2>
        <BaseImageInput
          file={file()}
          onChange={(f) => {
            setFile(f);
            setFileError(null);
          }}
          required
        />
        <Show when={fileError() ?? props.errors.image}>
          <span class="field__error" role="alert">
            {fileError() ?? props.errors.image}
          </span>
        </Show>
        <button type="submit" class="button button--primary button--block" disabled={props.busy}>
          {props.busy ? 'Creating…' : 'Create influencer'}
        </button>
      </aside>
    </form>
  );
}
