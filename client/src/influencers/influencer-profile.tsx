import { For, Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { Link } from '../router/link';
import { InfluencerAvatar } from './influencer-avatar';
import { FaceModeBadge, LoraStatusBadge } from './lora-status-badge';

export const InfluencerProfileFragment = graphql(`
  fragment InfluencerProfile_influencer on Influencer {
    id
    name
    style
    gender
    age
    ethnicity
    hairColor
    hairStyle
    eyeColor
    bodyType
    defaultOutfit
    nsfwEnabled
    faceMode
    loraStatus
    loraError
    createdAt
    ...InfluencerAvatar_influencer
  }
`);

/** The profile header: face, name, appearance, face mode, LoRA status and the way into the studio. */
export function InfluencerProfile(props: { influencer: FragmentType<typeof InfluencerProfileFragment>; outfitLabel: string }) {
  const influencer = () => useFragment(InfluencerProfileFragment, props.influencer);
  const facts = (): Array<[string, string]> => [
    ['Style', influencer().style === 'ANIME' ? 'Anime' : 'Realistic'],
    ['Gender', influencer().gender === 'FEMALE' ? 'Woman' : 'Man'],
    ['Age', String(influencer().age)],
    ['Ethnicity', influencer().ethnicity],
    ['Hair', `${influencer().hairColor}, ${influencer().hairStyle}`],
    ['Eyes', influencer().eyeColor],
    ['Body type', influencer().bodyType],
    ['Default outfit', props.outfitLabel],
    ['NSFW', influencer().nsfwEnabled ? 'Allowed' : 'Off'],
  ];
  return (
    <div class="profile card">
      <InfluencerAvatar influencer={influencer()} size="large" />
      <div class="profile__main">
        <h1 class="profile__name">{influencer().name}</h1>
        <div class="badges">
          <span class="badge-label">Face mode</span>
          <FaceModeBadge mode={influencer().faceMode} />
          <span class="badge-label">LoRA</span>
          <LoraStatusBadge status={influencer().loraStatus} />
        </div>
        <Show when={influencer().loraError}>
          <p class="field__error">{influencer().loraError}</p>
        </Show>
        <dl class="facts">
          <For each={facts()}>
            {([k, v]) => (
              <div class="facts__row">
                <dt>{k}</dt>
                <dd data-fact={k}>{v}</dd>
              </div>
            )}
          </For>
        </dl>
      </div>
      <div class="profile__actions">
        <Link href={`/influencers/${encodeURIComponent(influencer().id)}/studio`} class="button button--primary button--large">
          Open Content Studio
        </Link>
      </div>
    </div>
  );
}
