import { Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { Link } from '../router/link';

export const AssetTileFragment = graphql(`
  fragment AssetTile_asset on ImageAsset {
    id
    kind
    thumbnailUrl
    nsfw
    scene
    environment
    createdAt
  }
`);

const KIND: Record<string, string> = { BASE: 'Base', GENERATED: 'Generated', CHARACTER_SHEET: 'Sheet', EDITED: 'Edited' };

/** A gallery thumbnail linking to the asset's detail view. */
export function AssetTile(props: { asset: FragmentType<typeof AssetTileFragment>; label: string }) {
  const asset = () => useFragment(AssetTileFragment, props.asset);
  return (
    <Link href={`/gallery/${encodeURIComponent(asset().id)}`} class="asset-tile" aria-label={props.label}>
      <img src={asset().thumbnailUrl} alt="" loading="lazy" decoding="async" />
      <span class="asset-tile__meta">
        <span class="asset-tile__kind">{KIND[asset().kind] ?? asset().kind}</span>
        <Show when={asset().nsfw}>
          <span class="asset-tile__nsfw">NSFW</span>
        </Show>
      </span>
    </Link>
  );
}
