import { Show, createSignal, lazy } from 'solid-js';
import { Portal } from 'solid-js/web';

// The editor (canvas code, its CSS) loads when it is first opened, not with the gallery.
const ImageEditor = lazy(() => import('./image-editor').then((m) => ({ default: m.ImageEditor })));

/** "Edit" on the asset page: opens the inpainting editor over the image. */
export function EditImageButton(props: { assetId: string }) {
  const [open, setOpen] = createSignal(false);
  return (
    <>
      <button type="button" class="button" onClick={() => setOpen(true)}>
        Edit
      </button>
      <Show when={open()}>
        <Portal>
          <ImageEditor assetId={props.assetId} onClose={() => setOpen(false)} />
        </Portal>
      </Show>
    </>
  );
}
