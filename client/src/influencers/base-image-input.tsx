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
      <label class="field">
        <span class="field__label">Base image (face photo)</span>
        <input
          type="file"
          name="baseImage"
          accept="image/png,image/jpeg,image/webp"
          required={props.required}
          onChange={(e) => props.onChange(e.currentTarget.files?.[0] ?? null)}
        />
        <span class="field__hint">A clear, front-facing photo. It is the reference face for every image.</span>
      </label>
    </div>
  );
}
