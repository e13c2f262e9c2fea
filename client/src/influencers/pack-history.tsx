import { For, Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { downloadPack } from '../library/download';
import { Link } from '../router/link';
import { createUpgradeToHd, packHref } from '../pack/upgrade-to-hd';
import { againSearch } from '../studio/prefill';

export const PackHistoryFragment = graphql(`
  fragment PackHistory_job on GenerationJob {
    id
    status
    scene
    environment
    outfit
    outfitChanged
    aspectRatio
    quality
    creditsCharged
    progress {
      completed
      total
    }
    timings {
      createdAt
    }
    mode
    hdUpgradeAvailable
    hdUpgrade {
      id
    }
    upgradedFrom {
      id
    }
  }
`);

/** Past packs with their settings, mode, status and cost; "generate again" with the same settings, and "Upgrade to HD" for a face-reference pack once the LoRA is ready. */
export function PackHistory(props: {
  influencerId: string;
  jobs: ReadonlyArray<FragmentType<typeof PackHistoryFragment>>;
  label: (kind: 'scene' | 'environment' | 'outfit', id: string) => string;
  hasMore: boolean;
  onMore: () => void;
}) {
  const jobs = () => useFragment(PackHistoryFragment, props.jobs);
  const [upgrading, upgradeToHd] = createUpgradeToHd();
  return (
    <div class="card stack pack-history">
      <h2 class="section-title">Pack history</h2>
      <Show when={jobs().length > 0} fallback={<p class="muted">No packs yet.</p>}>
        <table class="table">
          <thead>
            <tr>
              <th>When</th>
              <th>Settings</th>
              <th>Status</th>
              <th>Cost</th>
              <th />
            </tr>
          </thead>
          <tbody>
            <For each={jobs()}>
              {(job) => (
                <tr data-testid="pack-history-row">
                  <td>{new Date(job.timings.createdAt).toLocaleString()}</td>
                  <td>
                    {props.label('scene', job.scene)} · {props.label('environment', job.environment)}
                    {job.outfitChanged ? ` · ${props.label('outfit', job.outfit)}` : ''} · {job.quality === 'HQ' ? 'HQ' : 'Draft'}
                  </td>
                  <td>
                    {job.status.toLowerCase()} · {job.progress.completed} of {job.progress.total}
                    <Show when={job.mode === 'LORA'}>
                      {' '}
                      <span class="badge badge--hd">HD</span>
                    </Show>
                  </td>
                  <td>{job.creditsCharged} credits</td>
                  <td class="pack-history__actions">
                    <Link class="button button--small button--ghost" href={packHref(props.influencerId, job.id)}>
                      Open
                    </Link>
                    <Show when={job.hdUpgradeAvailable}>
                      <button
                        type="button"
                        class="button button--small button--primary"
                        data-testid="history-upgrade-to-hd"
                        disabled={upgrading.fetching}
                        onClick={() => void upgradeToHd(props.influencerId, job.id)}
                      >
                        Upgrade to HD
                      </button>
                    </Show>
                    <Show when={job.hdUpgrade}>
                      {(upgrade) => (
                        <Link class="button button--small button--ghost" href={packHref(props.influencerId, upgrade().id)}>
                          HD version
                        </Link>
                      )}
                    </Show>
                    <Show when={job.upgradedFrom}>
                      {(original) => (
                        <Link class="button button--small button--ghost" href={packHref(props.influencerId, original().id)}>
                          Original
                        </Link>
                      )}
                    </Show>
                    <Link class="button button--small" href={`/influencers/${encodeURIComponent(props.influencerId)}/studio${againSearch(job)}`}>
                      Generate again
                    </Link>
                    <Show when={job.progress.completed > 0}>
                      <button type="button" class="button button--small button--ghost" onClick={() => downloadPack(job.id)}>
                        Download
                      </button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <Show when={props.hasMore}>
          <button type="button" class="button" onClick={() => props.onMore()}>
            Load more packs
          </button>
        </Show>
      </Show>
    </div>
  );
}
