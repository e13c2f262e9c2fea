import { Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { Link } from '../router/link';
import { FaceModeBadge, LoraStatusBadge } from './lora-status-badge';

export const InfluencerCardFragment = graphql(`
  fragment InfluencerCard_influencer on Influencer {
    id
    name
    age
    style
    ethnicity
    faceMode
    loraStatus
    baseImage {
      id
      thumbnailUrl
    }
  }
`);

/** An influencer in the list: a portrait card with the face, name, appearance and face mode. */
export function InfluencerCard(props: { influencer: FragmentType<typeof InfluencerCardFragment> }) {
  const influencer = () => useFragment(InfluencerCardFragment, props.influencer);
  return (
    <Link href={`/influencers/${encodeURIComponent(influencer().id)}`} class="influencer-card">
      <span class="influencer-card__cover">
        <Show when={influencer().baseImage} fallback={<span class="influencer-card__placeholder">No face yet</span>}>
          {(image) => <img src={image().thumbnailUrl} alt={`${influencer().name}'s face`} loading="lazy" />}
        </Show>
      </span>
      <span class="influencer-card__body">
        <span class="influencer-card__name">{influencer().name}</span>
        <span class="muted influencer-card__line">
          {influencer().age} · {influencer().ethnicity} · {influencer().style === 'ANIME' ? 'Anime' : 'Realistic'}
        </span>
        <span class="badges">
          <FaceModeBadge mode={influencer().faceMode} />
          <LoraStatusBadge status={influencer().loraStatus} />
        </span>
      </span>
    </Link>
  );
}
