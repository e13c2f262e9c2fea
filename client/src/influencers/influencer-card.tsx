import { graphql, useFragment, type FragmentType } from '../generated';
import { Link } from '../router/link';
import { InfluencerAvatar } from './influencer-avatar';
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
    ...InfluencerAvatar_influencer
  }
`);

/** An influencer in the list: face, name, a line of appearance, face mode and LoRA status. */
export function InfluencerCard(props: { influencer: FragmentType<typeof InfluencerCardFragment> }) {
  const influencer = () => useFragment(InfluencerCardFragment, props.influencer);
  return (
    <Link href={`/influencers/${encodeURIComponent(influencer().id)}`} class="card influencer-card">
      <InfluencerAvatar influencer={influencer()} size="large" />
      <div class="influencer-card__body">
        <h3 class="influencer-card__name">{influencer().name}</h3>
        <p class="muted">
          {influencer().age} · {influencer().ethnicity} · {influencer().style === 'ANIME' ? 'Anime' : 'Realistic'}
        </p>
        <div class="badges">
          <FaceModeBadge mode={influencer().faceMode} />
          <LoraStatusBadge status={influencer().loraStatus} />
        </div>
      </div>
    </Link>
  );
}
