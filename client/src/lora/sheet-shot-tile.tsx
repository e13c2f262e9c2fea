import { Match, Show, Switch } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { IdentityChip } from '../identity/identity-chip';
import { creatorError } from '../library/gpu-error';
import { Link } from '../router/link';
import { shotName } from './pipeline';

export const SheetShotTileFragment = graphql(`
  fragment SheetShotTile_shot on CharacterSheetShot {
    shot
    index
    status
    replacements
    error
    asset {
      id
      thumbnailUrl
      identityScore
      identityStatus
    }
  }
`);

/**
 * One shot of the character sheet: its name, the render with its identity chip once stored ("No
 * face" for a back view), how often a drifted face was replaced, or why it failed.
 */
export function SheetShotTile(props: { shot: FragmentType<typeof SheetShotTileFragment>; threshold: number }) {
  const shot = () => useFragment(SheetShotTileFragment, props.shot);
  const name = () => shotName(shot().shot);
  return (
    <figure class={`sheet-shot sheet-shot--${shot().status}`} data-testid="sheet-shot" data-shot={shot().shot} data-status={shot().status}>
      <div class="sheet-shot__frame">
        <Switch>
          <Match when={shot().status === 'completed' && shot().asset}>
            {(asset) => (
              <Link href={`/gallery/${encodeURIComponent(asset().id)}`} class="sheet-shot__link" aria-label={`Open the ${name()} shot`}>
                <img src={asset().thumbnailUrl} alt={name()} loading="lazy" />
                <span class="sheet-shot__identity">
                  <IdentityChip score={asset().identityScore} status={asset().identityStatus} threshold={props.threshold} />
                </span>
              </Link>
            )}
          </Match>
          <Match when={shot().status === 'failed' || shot().status === 'cancelled'}>
            <span class="sheet-shot__message" title={shot().error ?? undefined}>
              {shot().status === 'failed' ? creatorError(shot().error).title : 'Cancelled'}
            </span>
          </Match>
          <Match when={shot().status === 'submitted'}>
            <span class="sheet-shot__message">
              <span class="spinner spinner--small" aria-hidden="true" /> Rendering…
            </span>
          </Match>
          <Match when={true}>
            <span class="sheet-shot__message">Queued</span>
          </Match>
        </Switch>
      </div>
      <figcaption class="sheet-shot__caption">
        <span>{name()}</span>
        <Show when={shot().replacements > 0}>
          <span class="sheet-shot__replaced" data-testid="sheet-shot-replaced" title="The face drifted, so the shot was rendered again with a new seed">
            replaced ×{shot().replacements}
          </span>
        </Show>
      </figcaption>
    </figure>
  );
}
