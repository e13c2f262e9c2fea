import { Match, Switch, createMemo } from 'solid-js';
import { match } from '../router/router';
import { AssetRoute } from '../routes/asset-route';
import { GalleryRoute } from '../routes/gallery-route';
import { InfluencerRoute } from '../routes/influencer-route';
import { InfluencersRoute } from '../routes/influencers-route';
import { MetricsRoute } from '../routes/metrics-route';
import { NewInfluencerRoute } from '../routes/new-influencer-route';
import { NotFoundRoute } from '../routes/not-found-route';
import { SettingsRoute } from '../routes/settings-route';
import { StudioRoute } from '../routes/studio-route';

/** The route table: each route owns its data. */
export function Routes() {
  // The studio stays mounted when a pack opens, so the chosen options survive Generate.
  const studio = createMemo(() => {
    const withPack = match('/influencers/:id/studio/packs/:packId');
    if (withPack) return { id: withPack.id!, packId: withPack.packId };
    const plain = match('/influencers/:id/studio');
    return plain ? { id: plain.id!, packId: undefined } : null;
  });
  const studioId = createMemo(() => studio()?.id);
  return (
    <Switch fallback={<NotFoundRoute />}>
      <Match when={match('/')}>
        <InfluencersRoute />
      </Match>
      <Match when={match('/influencers/new')}>
        <NewInfluencerRoute />
      </Match>
      <Match when={studioId()} keyed>
        {(id) => <StudioRoute influencerId={id} packId={studio()?.packId} />}
      </Match>
      <Match when={match('/influencers/:id')}>{(m) => <InfluencerRoute influencerId={m().id!} />}</Match>
      <Match when={match('/gallery')}>
        <GalleryRoute />
      </Match>
      <Match when={match('/gallery/:assetId')}>{(m) => <AssetRoute assetId={m().assetId!} />}</Match>
      <Match when={match('/metrics')}>
        <MetricsRoute />
      </Match>
      <Match when={match('/settings')}>
        <SettingsRoute />
      </Match>
    </Switch>
  );
}
