import { Show, createEffect, createSignal, onCleanup } from 'solid-js';

/** A face photo picker with a live preview (PNG, JPEG or WebP). */
export function BaseImageInput(props: { file: File | null; onChange: (file: File | null) => void; required?: boolean }) {
  const [preview, setPreview] = createSignal<string | null>(null);
  createEffect(() => {
    const file = props.file;
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    onCleanup(() => URL.revokeObjectURL(url));
  });
  return (
    <div class="base-image-input">
      <div class="base-image-input__preview">
        <Show when={preview()} fallback={<span class="muted">No photo yet</span>}>
          {(src) => <img src={src()} alt="Preview of the base image" data-testid="base-image-preview" />}
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
          onChange={(e) => props.onChange(e.currentTarget.files?.[0] ?? null)}
        />
        <span id="base-image-hint" class="field__hint">
          A clear, front-facing photo. It is the reference face for every image.
        </span>
      </div>
    </div>
  );
}
