import { Show, createEffect, createSignal, onCleanup } from 'solid-js';

const TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/**
 * A face photo picker: drop a file on the box or choose one. The preview is the square centre
 * crop (what avatars and the reference face show), so a creator sees the framing before saving.
 */
export function BaseImageInput(props: { file: File | null; onChange: (file: File | null) => void; required?: boolean }) {
  const [preview, setPreview] = createSignal<string | null>(null);
  const [over, setOver] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  createEffect(() => {
    const file = props.file;
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    onCleanup(() => URL.revokeObjectURL(url));
  });
  const take = (file: File | null | undefined) => {
    if (file && !TYPES.includes(file.type)) return setError('Use a PNG, JPEG or WebP photo.');
    setError(null);
    props.onChange(file ?? null);
  };
  return (
    <div class="base-image-input">
      <div
        class="base-image-input__preview base-image-input__drop"
        classList={{ 'base-image-input__drop--over': over() }}
        data-testid="base-image-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          take(e.dataTransfer?.files?.[0]);
        }}
      >
        <Show when={preview()} fallback={<span class="muted">Drop a face photo here</span>}>
          {(src) => <img src={src()} alt="Preview of the base image" data-testid="base-image-preview" class="base-image-input__crop" />}
        </Show>
      </div>
      <div class="field">
        <label class="field__label" for="base-image">
          Base image (face photo)
        </label>
        <input
          id="base-image"
          type="file"
          name="baseImage"
          accept="image/png,image/jpeg,image/webp"
          required={props.required}
          aria-describedby="base-image-hint"
          onChange={(e) => take(e.currentTarget.files?.[0])}
        />
        <span id="base-image-hint" class="field__hint">
          A clear, front-facing photo, or drop one on the box. The square preview is the crop used for the face.
        </span>
        <Show when={error()}>
          <span class="field__error">{error()}</span>
        </Show>
      </div>
    </div>
  );
}
