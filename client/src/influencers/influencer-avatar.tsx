import { Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';

export const InfluencerAvatarFragment = graphql(`
  fragment InfluencerAvatar_influencer on Influencer {
    name
    baseImage {
      id
      thumbnailUrl
    }
  }
`);

/** The influencer's face (base image thumbnail), or initials until one is uploaded. */
export function InfluencerAvatar(props: { influencer: FragmentType<typeof InfluencerAvatarFragment>; size?: 'small' | 'medium' | 'large' }) {
  const influencer = () => useFragment(InfluencerAvatarFragment, props.influencer);
  const initials = () =>
    influencer()
      .name.split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('');
  return (
    <span class={`avatar avatar--${props.size ?? 'medium'}`}>
      <Show
        when={influencer().baseImage}
        fallback={
          <span class="avatar__initials" aria-hidden="true">
            {initials()}
          </span>
        }
      >
        {(image) => <img src={image().thumbnailUrl} alt={`${influencer().name}'s face`} />}
      </Show>
    </span>
  );
}
