import { createQuery } from '@urql/solid';
import { Match, Switch } from 'solid-js';
import { AssetDetail, type PresetLabels } from '../gallery/asset-detail';
import { graphql } from '../generated';
import { Link } from '../router/link';
import { ErrorState } from '../ui/error-state';

const AssetQuery = graphql(`
  query AssetDetail($id: ID!) {
    asset(id: $id) {
      id
      ...AssetDetail_asset
    }
    presets {
      scenes {
        id
        label
      }
      environments {
        id
        label
      }
      outfits {
        id
        label
      }
    }
  }
`);

/** One asset: the full image, its metadata and its lineage. */
export function AssetRoute(props: { assetId: string }) {
  const [result] = createQuery({ query: AssetQuery, variables: () => ({ id: props.assetId }) });
  const label = (list: ReadonlyArray<{ id: string; label: string }> | undefined, id: string | null | undefined) => (id ? (list?.find((x) => x.id === id)?.label ?? id) : '—');
  const labels: PresetLabels = {
    scene: (id) => label(result.data?.presets.scenes, id),
    environment: (id) => label(result.data?.presets.environments, id),
    outfit: (id) => label(result.data?.presets.outfits, id),
  };
  return (
    <section class="stack">
      <Link href="/gallery" class="back-link">
        ← Gallery
      </Link>
      <Switch>
        <Match when={result.error && !result.data}>
          <ErrorState message={result.error!.message} />
        </Match>
        <Match when={!result.data}>
          <div class="card skeleton skeleton--profile" aria-busy="true" />
        </Match>
        <Match when={result.data?.asset}>{(asset) => <AssetDetail asset={asset()} labels={labels} />}</Match>
        <Match when={true}>
          <ErrorState title="Image not found" message="It does not exist or belongs to someone else." />
        </Match>
      </Switch>
    </section>
  );
}
