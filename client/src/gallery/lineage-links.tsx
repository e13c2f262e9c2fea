import { For, Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { Link } from '../router/link';

export const LineageLinkFragment = graphql(`
  fragment LineageLink_asset on ImageAsset {
    id
    kind
    thumbnailUrl
    createdAt
    deletedAt
  }
`);

function LineageLink(props: { asset: FragmentType<typeof LineageLinkFragment>; label: string }) {
  const asset = () => useFragment(LineageLinkFragment, props.asset);
  // A deleted source is still named (lineage stays readable), but there is no page to open.
  return (
    <Show
      when={!asset().deletedAt}
      fallback={
        <div class="lineage-link lineage-link--deleted">
          <span>
            <strong>{props.label}</strong>
            <span class="muted">deleted · {new Date(asset().deletedAt!).toLocaleString()}</span>
          </span>
        </div>
      }
    >
      <Link href={`/gallery/${encodeURIComponent(asset().id)}`} class="lineage-link">
        <img src={asset().thumbnailUrl} alt="" />
        <span>
          <strong>{props.label}</strong>
          <span class="muted">
            {asset().kind.toLowerCase().replace('_', ' ')} · {new Date(asset().createdAt).toLocaleString()}
          </span>
        </span>
      </Link>
    </Show>
  );
}

/** Lineage: the asset this one came from, and the ones derived from it (edits). */
export function LineageLinks(props: { source: FragmentType<typeof LineageLinkFragment> | null | undefined; derived: ReadonlyArray<FragmentType<typeof LineageLinkFragment>> }) {
  return (
    <div class="lineage">
      <h2 class="section-title">Lineage</h2>
      <Show when={props.source || props.derived.length > 0} fallback={<p class="muted">An original: not derived from another image, and nothing derived from it yet.</p>}>
        <Show when={props.source}>{(source) => <LineageLink asset={source()} label="Source" />}</Show>
        <For each={props.derived}>{(d, i) => <LineageLink asset={d} label={`Derived ${i() + 1}`} />}</For>
      </Show>
    </div>
  );
}
