import { Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';

export const FaceCropFragment = graphql(`
  fragment FaceCrop_asset on ImageAsset {
    id
    url
    width
    height
    faceBox {
      x
      y
      width
      height
    }
  }
`);

/** Room around the face box, so the crop shows a head rather than a mask. */
const MARGIN = 1.5;

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where to place the whole image inside a square frame so that the frame shows the face: the
 * image's width and offsets in percent of the frame. The square is the face box with a margin,
 * kept inside the image where it fits.
 */
export function faceCropStyle(box: FaceBox, width: number, height: number): { width: string; left: string; top: string } {
  const side = Math.min(Math.max(box.width * width, box.height * height) * MARGIN, width, height);
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), Math.max(0, max));
  const left = clamp((box.x + box.width / 2) * width - side / 2, width - side);
  const top = clamp((box.y + box.height / 2) * height - side / 2, height - side);
  const pct = (v: number) => `${((100 * v) / side).toFixed(3)}%`;
  return { width: pct(width), left: pct(-left), top: pct(-top) };
}

/** A square crop of an image around its scored face, by CSS only (the image is not re-encoded). */
export function FaceCrop(props: { asset: FragmentType<typeof FaceCropFragment>; label: string; alt: string }) {
  const asset = () => useFragment(FaceCropFragment, props.asset);
  return (
    <figure class="face-crop" data-testid="face-crop">
      <div class="face-crop__frame">
        <Show when={asset().faceBox} fallback={<span class="face-crop__none">No face found</span>}>
          {(box) => (
            <img src={asset().url} alt={props.alt} style={{ position: 'absolute', 'max-width': 'none', height: 'auto', ...faceCropStyle(box(), asset().width, asset().height) }} />
          )}
        </Show>
      </div>
      <figcaption class="muted">{props.label}</figcaption>
    </figure>
  );
}
