import { For, Show, createSignal } from 'solid-js';
import type { UpdateInfluencerInput } from '../generated/graphql';
import { Link } from '../router/link';
import { defaultOutfitOptions, type OutfitOption } from '../studio/outfit-rules';
import { BaseImageInput } from './base-image-input';

export interface EditableInfluencer {
  id: string;
  name: string;
  age: number;
  ethnicity: string;
  hairColor: string;
  hairStyle: string;
  eyeColor: string;
  bodyType: string;
  defaultOutfit: string;
  nsfwEnabled: boolean;
}

const TEXT: Array<[keyof EditableInfluencer, string]> = [
  ['name', 'Name'],
  ['ethnicity', 'Ethnicity'],
  ['hairColor', 'Hair colour'],
  ['hairStyle', 'Hair style'],
  ['eyeColor', 'Eye colour'],
  ['bodyType', 'Body type'],
];

/** Edit the character: appearance, default outfit, NSFW flag, and a new base image (confirmed first). */
export function InfluencerEditor(props: {
  influencer: EditableInfluencer;
  outfits: readonly OutfitOption[];
  busy: boolean;
  onSave: (input: UpdateInfluencerInput) => void;
  onReplaceImage: (file: File) => void;
  onCancel: () => void;
}) {
  const [file, setFile] = createSignal<File | null>(null);
  const [confirming, setConfirming] = createSignal(false);
  const submit = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    props.onSave({
      id: props.influencer.id,
      name: text('name'),
      age: Number(text('age')),
      ethnicity: text('ethnicity'),
      hairColor: text('hairColor'),
      hairStyle: text('hairStyle'),
      eyeColor: text('eyeColor'),
      bodyType: text('bodyType'),
      defaultOutfit: text('defaultOutfit'),
      nsfwEnabled: data.get('nsfwEnabled') === 'on',
    });
  };
  return (
    <div class="card stack influencer-editor">
      <h2 class="section-title">Edit character</h2>
      <form
        class="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          submit(e.currentTarget);
        }}
      >
        <For each={TEXT}>
          {([key, label]) => (
            <label class="field">
              <span class="field__label">{label}</span>
              <input name={key} value={String(props.influencer[key])} required maxlength={key === 'name' ? '80' : '60'} />
            </label>
          )}
        </For>
        <label class="field">
          <span class="field__label">Age</span>
          <input name="age" type="number" min="18" max="90" value={props.influencer.age} required />
        </label>
        <label class="field">
          <span class="field__label">Default outfit</span>
          <select name="defaultOutfit">
            <For each={defaultOutfitOptions(props.outfits)}>
              {(o) => (
                <option value={o.id} selected={o.id === props.influencer.defaultOutfit}>
                  {o.label}
                </option>
              )}
            </For>
          </select>
        </label>
        <label class="field field--checkbox">
          <input name="nsfwEnabled" type="checkbox" checked={props.influencer.nsfwEnabled} />
          <span>Allow NSFW for this influencer</span>
          <span class="field__hint">
            NSFW also needs your adult confirmation in <Link href="/settings">Settings</Link>.
          </span>
        </label>
        <div class="form-actions">
          <button type="submit" class="button button--primary" disabled={props.busy}>
            {props.busy ? 'Saving…' : 'Save changes'}
          </button>
          <button type="button" class="button button--ghost" onClick={() => props.onCancel()}>
            Close
          </button>
        </div>
      </form>
      <h3 class="section-title">Replace base image</h3>
      <BaseImageInput
        file={file()}
        onChange={(f) => {
          setFile(f);
          setConfirming(false);
        }}
      />
      <Show when={file()}>
        <Show
          when={confirming()}
          fallback={
            <button type="button" class="button" onClick={() => setConfirming(true)}>
              Use this photo…
            </button>
          }
        >
          <div class="confirm card" role="alertdialog" aria-label="Replace the base image?">
            <p>
              <strong>Replace the base image?</strong> New packs will use this face. Once the character sheet and LoRA pipeline is enabled for this influencer, a new base image
              restarts it (new character sheets, and the HD LoRA is trained again). Existing images stay in the gallery.
            </p>
            <div class="form-actions">
              <button type="button" class="button button--primary" disabled={props.busy} onClick={() => props.onReplaceImage(file()!)}>
                Replace base image
              </button>
              <button type="button" class="button button--ghost" onClick={() => setConfirming(false)}>
                Keep the current one
              </button>
            </div>
          </div>
        </Show>
      </Show>
    </div>
  );
}
