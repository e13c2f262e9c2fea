import { For, Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { IdentityPanel } from '../identity/identity-panel';
import { InfluencerAvatar } from '../influencers/influencer-avatar';
import { Link } from '../router/link';
import { aspectRatioLabel, faceModeLabel, qualityLabel } from '../studio/generation-options';
import { downloadAsset } from '../library/download';
import { EditImageButton } from '../edit/edit-button';
import { toast } from '../ui/toasts';
import { LineageLinks } from './lineage-links';

export const AssetDetailFragment = graphql(`
  fragment AssetDetail_asset on ImageAsset {
    id
    kind
    url
    liked
    width
    height
    bytes
    mimeType
    createdAt
    scene
    environment
    outfit
    aspectRatio
    quality
    nsfw
    mode
    engine
    seed
    prompt
    ...IdentityPanel_asset
    influencer {
      id
      name
      ...InfluencerAvatar_influencer
    }
    source {
      ...LineageLink_asset
    }
    derived {
      ...LineageLink_asset
    }
  }
`);

export interface PresetLabels {
  scene: (id: string | null | undefined) => string;
  environment: (id: string | null | undefined) => string;
  outfit: (id: string | null | undefined) => string;
}

/** The full image with its generation metadata, its face identity and its lineage. */
export function AssetDetail(props: { asset: FragmentType<typeof AssetDetailFragment>; labels: PresetLabels; threshold: number; onLike?: (liked: boolean) => void }) {
  const asset = () => useFragment(AssetDetailFragment, props.asset);
  const rows = (): Array<[string, string]> => [
    ['Scene', props.labels.scene(asset().scene)],
    ['Environment', props.labels.environment(asset().environment)],
    ['Outfit', props.labels.outfit(asset().outfit)],
    ['Aspect ratio', aspectRatioLabel(asset().aspectRatio)],
    ['Quality', qualityLabel(asset().quality)],
    ['NSFW', asset().nsfw ? 'Yes' : 'No'],
    ['Mode', faceModeLabel(asset().mode)],
    ['Seed', asset().seed ?? '—'],
    ['Size', `${asset().width}×${asset().height} · ${(asset().bytes / 1024).toFixed(0)} KB`],
    ['Created', new Date(asset().createdAt).toLocaleString()],
  ];
  return (
    <div class="asset-detail">
      <figure class="asset-detail__image" style={{ 'aspect-ratio': `${asset().width} / ${asset().height}` }}>
        <img src={asset().url} alt={`${asset().influencer.name}, ${props.labels.scene(asset().scene)}`} />
      </figure>
      <aside class="asset-detail__meta card">
        <div class="asset-detail__head">
          <Link href={`/influencers/${encodeURIComponent(asset().influencer.id)}`} class="asset-detail__influencer">
            <InfluencerAvatar influencer={asset().influencer} size="small" />
            <strong>{asset().influencer.name}</strong>
          </Link>
          <Link href={`/influencers/${encodeURIComponent(asset().influencer.id)}/studio`} class="button button--small">
            Open Content Studio
          </Link>
        </div>
        <dl class="facts facts--tight" data-testid="asset-metadata">
          <For each={rows()}>
            {([k, v]) => (
              <div class="facts__row">
                <dt>{k}</dt>
                <dd data-meta={k}>{v}</dd>
              </div>
            )}
          </For>
        </dl>
        <IdentityPanel asset={asset()} threshold={props.threshold} />
        <Show when={asset().prompt}>
          <div class="prompt">
            <h2 class="section-title">Prompt</h2>
            <p data-meta="Prompt">{asset().prompt}</p>
          </div>
        </Show>
        <LineageLinks source={asset().source} derived={asset().derived} />
        <div class="asset-detail__actions">
          <button type="button" class="button button--primary" onClick={() => downloadAsset(asset().id)}>
            Download
          </button>
          <button type="button" class="button" onClick={() => void copyLink(asset().url, asset().nsfw)}>
            Copy link
          </button>
          <button type="button" class="button" aria-pressed={asset().liked} onClick={() => props.onLike?.(!asset().liked)}>
            {asset().liked ? '★ Favourite' : '☆ Favourite'}
          </button>
          <a class="button" href={asset().url} target="_blank" rel="noopener">
            Open full size
          </a>
          <EditImageButton assetId={asset().id} />
        </div>
        <p class="muted asset-detail__keys">← → previous / next · Esc back to the gallery</p>
      </aside>
    </div>
  );
}

/** Copies the image's URL; adult images only ever have short-lived signed links, and the toast says so. */
async function copyLink(url: string, nsfw: boolean) {
  try {
    await navigator.clipboard.writeText(url);
    toast('success', 'Link copied', nsfw ? 'Adult images get a private link that expires within the hour.' : undefined);
  } catch {
    toast('error', 'Could not copy the link', url);
  }
}
