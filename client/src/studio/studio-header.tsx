import { graphql, useFragment, type FragmentType } from '../generated';
import { InfluencerAvatar } from '../influencers/influencer-avatar';
import { FaceModeBadge, LoraStatusBadge } from '../influencers/lora-status-badge';
import { Show } from 'solid-js';
import { Link } from '../router/link';

export const StudioHeaderFragment = graphql(`
  fragment StudioHeader_influencer on Influencer {
    id
    name
    faceMode
    loraStatus
    hdModeUnlocked
    ...InfluencerAvatar_influencer
  }
`);

/** Who the studio generates for: face, name (with the HD badge once HD mode is unlocked), face mode and LoRA status. */
export function StudioHeader(props: { influencer: FragmentType<typeof StudioHeaderFragment> }) {
  const influencer = () => useFragment(StudioHeaderFragment, props.influencer);
  return (
    <header class="studio-header">
      <InfluencerAvatar influencer={influencer()} size="medium" />
      <div>
        <p class="eyebrow">Content Studio</p>
        <h1 class="studio-header__name">
          {influencer().name}
          <Show when={influencer().hdModeUnlocked}>
            <span class="hd-badge" data-testid="studio-hd-badge" title="HD mode: new packs use the character LoRA">
              HD
            </span>
          </Show>
        </h1>
      </div>
      <div class="badges">
        {/* In HD mode the badge beside the name says it; before, this one says "Face reference". */}
        <Show when={influencer().faceMode !== 'LORA'}>
          <FaceModeBadge mode={influencer().faceMode} />
        </Show>
        <LoraStatusBadge status={influencer().loraStatus} />
      </div>
      <Link href={`/influencers/${encodeURIComponent(influencer().id)}`} class="button button--ghost studio-header__back">
        Profile
      </Link>
    </header>
  );
}
