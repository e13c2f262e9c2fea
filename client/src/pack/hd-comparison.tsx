import { For, Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import type { HdComparison_JobFragment } from '../generated/graphql';
import { IdentityChip } from '../identity/identity-chip';
import { Link } from '../router/link';
import { packHref } from './upgrade-to-hd';

export const HdComparisonJobFragment = graphql(`
  fragment HdComparison_job on GenerationJob {
    id
    mode
    images {
      index
      status
      asset {
        id
        thumbnailUrl
        identityScore
        identityStatus
      }
    }
  }
`);

type Image = HdComparison_JobFragment['images'][number];

/**
 * A face-reference pack beside its HD re-render: each original paired with the HD image of the
 * same index (same seed), both with their identity chips, and links to either pack.
 */
export function HdComparison(props: {
  influencerId: string;
  original: FragmentType<typeof HdComparisonJobFragment>;
  hd: FragmentType<typeof HdComparisonJobFragment>;
  /** the pack this view is on: its side links to the other pack */
  current: 'original' | 'hd';
  threshold: number;
}) {
  const original = () => useFragment(HdComparisonJobFragment, props.original);
  const hd = () => useFragment(HdComparisonJobFragment, props.hd);
  const pairs = () => {
    const upgraded = new Map(hd().images.map((i) => [i.index, i]));
    return [...original().images].sort((a, b) => a.index - b.index).map((i) => ({ index: i.index, original: i, hd: upgraded.get(i.index) ?? null }));
  };
  return (
    <section class="hd-comparison card stack" aria-label="Face reference and HD side by side" data-testid="hd-comparison">
      <div class="section-header">
        <h2 class="section-title">Face reference → HD</h2>
        <Show
          when={props.current === 'original'}
          fallback={
            <Link href={packHref(props.influencerId, original().id)} class="text-link" data-testid="open-original-pack">
              ← Open the face-reference pack
            </Link>
          }
        >
          <Link href={packHref(props.influencerId, hd().id)} class="text-link" data-testid="open-hd-pack">
            Open the HD pack →
          </Link>
        </Show>
      </div>
      <div class="hd-comparison__head" aria-hidden="true">
        <span>Face reference</span>
        <span>HD</span>
      </div>
      <For each={pairs()}>
        {(pair) => (
          <div class="hd-comparison__pair" data-testid="hd-pair" data-index={pair.index}>
            <ComparedImage image={pair.original} label={`Image ${pair.index + 1}, face reference`} threshold={props.threshold} />
            <ComparedImage image={pair.hd} label={`Image ${pair.index + 1}, HD`} threshold={props.threshold} />
          </div>
        )}
      </For>
    </section>
  );
}

function ComparedImage(props: { image: Image | null; label: string; threshold: number }) {
  return (
    <figure class="hd-comparison__image" data-status={props.image?.status ?? 'QUEUED'}>
      <Show
        when={props.image?.status === 'COMPLETED' && props.image.asset}
        fallback={
          <span class="hd-comparison__placeholder">
            {props.image?.status === 'FAILED' ? 'Failed' : props.image?.status === 'CANCELLED' ? 'Cancelled' : props.image?.status === 'SUBMITTED' ? 'Rendering…' : 'Queued'}
          </span>
        }
      >
        {(asset) => (
          <Link href={`/gallery/${encodeURIComponent(asset().id)}`} aria-label={`Open ${props.label} in the gallery`}>
            <img src={asset().thumbnailUrl} alt={props.label} loading="lazy" />
            <span class="hd-comparison__identity">
              <IdentityChip score={asset().identityScore} status={asset().identityStatus} threshold={props.threshold} />
            </span>
          </Link>
        )}
      </Show>
    </figure>
  );
}
