import { Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import type { IdentityStatus } from '../generated/graphql';
import { Link } from '../router/link';
import { FaceCrop } from './face-crop';
import { formatIdentityScore, SIMULATED_SCORES_NOTE } from './identity-band';
import { IdentityChip } from './identity-chip';

export const IdentityPanelFragment = graphql(`
  fragment IdentityPanel_asset on ImageAsset {
    id
    kind
    identityScore
    identityStatus
    hiddenReason
    ...FaceCrop_asset
    influencer {
      name
      baseImage {
        id
        ...FaceCrop_asset
      }
    }
    replacedRender {
      id
      identityScore
    }
    replacedBy {
      id
    }
  }
`);

const STATUS: Record<IdentityStatus, string> = {
  REFERENCE: 'This is the base face every image is scored against.',
  PENDING: 'Being scored against the base face…',
  MATCHED: 'The face matches the base face.',
  DRIFTED: "The face doesn't match the base face.",
  NO_FACE: 'No face found in this image (a back view, say), so there is no score.',
  NO_REFERENCE: 'The influencer had no base face to compare with.',
  FAILED: 'This image could not be scored.',
};

/**
 * Face identity in the asset detail: the influencer's base face beside this image's face (both
 * cropped by their face boxes), the score and what it means, and the re-render lineage.
 */
export function IdentityPanel(props: { asset: FragmentType<typeof IdentityPanelFragment>; threshold: number }) {
  const asset = () => useFragment(IdentityPanelFragment, props.asset);
  const base = () => asset().influencer.baseImage;
  return (
    <Show when={asset().identityStatus && asset().identityStatus !== 'REFERENCE'}>
      <section class="identity-panel" data-testid="identity-panel" aria-labelledby="identity-panel-title">
        <h2 class="section-title" id="identity-panel-title">
          Face identity
        </h2>
        <div class="identity-panel__faces">
          <Show when={base()} fallback={<p class="muted">No base face.</p>}>
            {(b) => <FaceCrop asset={b()} label="Base face" alt={`${asset().influencer.name}'s base face`} />}
          </Show>
          <FaceCrop asset={asset()} label="This image" alt={`The face in this image`} />
        </div>
        <p class="identity-panel__score">
          <IdentityChip score={asset().identityScore} status={asset().identityStatus} threshold={props.threshold} />
          <span data-testid="identity-status">{STATUS[asset().identityStatus!]}</span>
        </p>
        <Show when={asset().identityScore != null}>
          <p class="muted identity-panel__scale">
            Score <strong data-testid="identity-score">{formatIdentityScore(asset().identityScore!)}</strong> of 1 · a match is {formatIdentityScore(props.threshold)} or more
          </p>
        </Show>
        <Show when={asset().replacedRender}>
          {(r) => (
            <p class="identity-panel__lineage">
              A free re-render:{' '}
              <Link href={`/gallery/${encodeURIComponent(r().id)}`} data-testid="replaced-render">
                replaced a render whose face didn't match
              </Link>
              {r().identityScore != null ? ` (${formatIdentityScore(r().identityScore!)})` : ''}.
            </p>
          )}
        </Show>
        <Show when={asset().replacedBy}>
          {(r) => (
            <p class="identity-panel__lineage">
              Hidden from the gallery: this render's face didn't match, so it was{' '}
              <Link href={`/gallery/${encodeURIComponent(r().id)}`} data-testid="replaced-by">
                rendered again
              </Link>
              .
            </p>
          )}
        </Show>
        <p class="muted identity-panel__note">{SIMULATED_SCORES_NOTE}</p>
      </section>
    </Show>
  );
}
