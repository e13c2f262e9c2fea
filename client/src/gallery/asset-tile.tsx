import { Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { IdentityChip } from '../identity/identity-chip';
import { Link } from '../router/link';

export const AssetTileFragment = graphql(`
  fragment AssetTile_asset on ImageAsset {
    id
    kind
    thumbnailUrl
    nsfw
    liked
    scene
    environment
    createdAt
    identityScore
    identityStatus
  }
`);

// Generated is what almost every tile is: only the other kinds get a badge.
const KIND: Record<string, string> = { BASE: 'Base', CHARACTER_SHEET: 'Sheet', EDITED: 'Edited' };

/**
 * A gallery thumbnail linking to the asset's detail view, with its identity chip; in the gallery
 * also a selection checkbox (shift-click selects a range) and a favourite star.
 */
export function AssetTile(props: {
  asset: FragmentType<typeof AssetTileFragment>;
  label: string;
  /** The identity threshold; without it the tile shows no identity chip. */
  threshold?: number;
  selected?: boolean;
  onSelect?: (shift: boolean) => void;
  onLike?: (liked: boolean) => void;
  onOpen?: () => void;
}) {
  const asset = () => useFragment(AssetTileFragment, props.asset);
  return (
    <div class="asset-tile-wrap" classList={{ 'asset-tile-wrap--selected': props.selected }} data-asset-id={asset().id}>
      <Link href={`/gallery/${encodeURIComponent(asset().id)}`} class="asset-tile" aria-label={props.label} onClick={() => props.onOpen?.()}>
        <img src={asset().thumbnailUrl} alt="" loading="lazy" decoding="async" />
        <span class="asset-tile__meta">
          <Show when={KIND[asset().kind]}>
            <span class="asset-tile__kind">{KIND[asset().kind]}</span>
          </Show>
          <Show when={asset().nsfw}>
            <span class="asset-tile__nsfw">NSFW</span>
          </Show>
        </span>
        <Show when={props.threshold !== undefined}>
          <span class="asset-tile__identity">
            <IdentityChip score={asset().identityScore} status={asset().identityStatus} threshold={props.threshold!} />
          </span>
        </Show>
      </Link>
      <Show when={props.onSelect}>
        <input
          type="checkbox"
          class="asset-tile__select"
          aria-label={`Select ${props.label}`}
          checked={props.selected ?? false}
          onClick={(e) => {
            e.preventDefault();
            props.onSelect!(e.shiftKey);
          }}
        />
      </Show>
      <Show when={props.onLike}>
        <button
          type="button"
          class="asset-tile__star"
          classList={{ 'asset-tile__star--on': asset().liked }}
          aria-pressed={asset().liked}
          aria-label={`${asset().liked ? 'Remove favourite' : 'Favourite'} ${props.label}`}
          onClick={() => props.onLike!(!asset().liked)}
        >
          {asset().liked ? '★' : '☆'}
        </button>
      </Show>
    </div>
  );
}
