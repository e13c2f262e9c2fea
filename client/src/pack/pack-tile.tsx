import { creatorError } from '../library/gpu-error';
import { Match, Switch } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { IdentityChip } from '../identity/identity-chip';
import { Link } from '../router/link';

export const PackTileFragment = graphql(`
  fragment PackTile_image on GenerationImage {
    index
    status
    error
    attempts
    rerenderReason
    asset {
      id
      thumbnailUrl
      width
      height
      identityScore
      identityStatus
    }
  }
`);

/**
 * One image of a live pack: a placeholder until it arrives, then the thumbnail with its identity
 * chip; failures show why, and an image whose face didn't match says it is being rendered again.
 */
export function PackTile(props: { image: FragmentType<typeof PackTileFragment>; width: number; height: number; threshold: number }) {
  const image = () => useFragment(PackTileFragment, props.image);
  const label = () => `Image ${image().index + 1}`;
  return (
    <figure
      class={`pack-tile pack-tile--${image().status.toLowerCase()}`}
      style={{ 'aspect-ratio': `${props.width} / ${props.height}` }}
      data-status={image().status}
      data-rerendering={image().rerenderReason ? 'true' : undefined}
      aria-label={`${label()}: ${image().rerenderReason ? `re-rendering, ${image().rerenderReason}` : image().status.toLowerCase()}`}
    >
      <Switch>
        <Match when={image().status === 'COMPLETED' && image().asset}>
          {(asset) => (
            <Link href={`/gallery/${encodeURIComponent(asset().id)}`} class="pack-tile__link" aria-label={`Open ${label()} in the gallery`}>
              <img src={asset().thumbnailUrl} alt={label()} loading="lazy" />
              <span class="pack-tile__identity">
                <IdentityChip score={asset().identityScore} status={asset().identityStatus} threshold={props.threshold} />
              </span>
            </Link>
          )}
        </Match>
        <Match when={image().status === 'FAILED'}>
          <div class="pack-tile__message">
            <span class="pack-tile__icon" aria-hidden="true">
              !
            </span>
            <strong>Failed</strong>
            <span class="pack-tile__error" title={image().error ?? undefined}>
              {creatorError(image().error).title}
            </span>
          </div>
        </Match>
        <Match when={image().status === 'CANCELLED'}>
          <div class="pack-tile__message">
            <strong>Cancelled</strong>
            <span class="pack-tile__error">Refunded</span>
          </div>
        </Match>
        <Match when={image().rerenderReason}>
          {(reason) => (
            <div class="pack-tile__message pack-tile__message--pending pack-tile__message--rerender" data-testid="rerendering">
              <span class="spinner" aria-hidden="true" />
              <span>re-rendering: {reason()}</span>
            </div>
          )}
        </Match>
        <Match when={image().status === 'SUBMITTED'}>
          <div class="pack-tile__message pack-tile__message--pending">
            <span class="spinner" aria-hidden="true" />
            <span>Rendering…</span>
          </div>
        </Match>
        <Match when={true}>
          <div class="pack-tile__message pack-tile__message--pending">
            <span class="pack-tile__queued">Queued</span>
          </div>
        </Match>
      </Switch>
      <figcaption class="pack-tile__index">{image().index + 1}</figcaption>
    </figure>
  );
}
