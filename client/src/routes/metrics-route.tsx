import { createQuery } from '@urql/solid';
import { For, Match, Show, Switch } from 'solid-js';
import { graphql } from '../generated';
import { BarChart } from '../metrics/bar-chart';
import { IdentityConsistency } from '../metrics/identity-consistency';
import { navigate, searchParam, withSearch } from '../router/router';
import { ErrorState } from '../ui/error-state';

const MetricsQuery = graphql(`
  query MetricsPage($influencerId: ID, $days: Int) {
    metrics(influencerId: $influencerId, days: $days) {
      __typename
      ... on Metrics {
        days
        generations
        imagesCompleted
        imagesFailed
        successRate
        averageSecondsPerImage
        outfitChangeRate
        studioOpens
        sceneDistribution {
          id
          label
          count
        }
        environmentDistribution {
          id
          label
          count
        }
        gpuCostUsd
        gpuSeconds
        daily {
          day
          gpuCostUsd
        }
        weekly {
          weekStart
          studioOpens
          packs
          imagesCompleted
          imagesFailed
        }
        identity {
          ...IdentityConsistency_metrics
        }
      }
      ... on Error {
        message
      }
    }
    influencers(first: 100) {
      nodes {
        id
        name
      }
    }
  }
`);

const pct = (v: number | null | undefined) => (v == null ? '—' : `${Math.round(v * 100)}%`);
const week = (iso: string) => new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });

/** The spec's key metrics as charts, for the account or one influencer, over 30–365 days. */
export function MetricsRoute() {
  const influencer = () => searchParam('influencer') ?? '';
  const days = () => Number(searchParam('days') ?? 90);
  const [result] = createQuery({ query: MetricsQuery, variables: () => ({ influencerId: influencer() || null, days: days() }), requestPolicy: 'cache-and-network' });
  const m = () => (result.data?.metrics.__typename === 'Metrics' ? result.data.metrics : null);
  const used = <T extends { count: number }>(list: readonly T[]) => list.filter((x) => x.count > 0);
  return (
    <section class="stack">
      <div class="page-header">
        <div>
          <h1>Metrics</h1>
          <p class="muted">How your generations go: success, speed, face consistency, what you generate, and how often you open the studio.</p>
        </div>
      </div>
      <div class="filter-bar" role="group" aria-label="Metrics filters">
        <div class="field field--inline">
          <label class="field__label" for="metrics-influencer">
            Influencer
          </label>
          <select id="metrics-influencer" onChange={(e) => navigate(withSearch({ influencer: e.currentTarget.value || null }), { replace: true })}>
            <option value="">All influencers</option>
            <For each={result.data?.influencers.nodes ?? []}>
              {(i) => (
                <option value={i.id} selected={i.id === influencer()}>
                  {i.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field field--inline">
          <label class="field__label" for="metrics-days">
            Window
          </label>
          <select id="metrics-days" onChange={(e) => navigate(withSearch({ days: e.currentTarget.value }), { replace: true })}>
            <For each={[30, 90, 365]}>{(d) => <option value={d} selected={d === days()}>{`Last ${d} days`}</option>}</For>
          </select>
        </div>
      </div>
      <Switch>
        <Match when={result.error && !result.data}>
          <ErrorState message={result.error!.message} />
        </Match>
        <Match when={result.data && !m()}>
          <ErrorState message={result.data?.metrics && 'message' in result.data.metrics ? result.data.metrics.message : 'No metrics.'} />
        </Match>
        <Match when={m()}>
          {(metrics) => (
            <>
              <div class="stat-grid">
                <div class="stat card">
                  <span class="muted">Success rate</span>
                  <strong data-testid="stat-success">{pct(metrics().successRate)}</strong>
                </div>
                <div class="stat card">
                  <span class="muted">Average time per image</span>
                  <strong data-testid="stat-time">{metrics().averageSecondsPerImage == null ? '—' : `${metrics().averageSecondsPerImage!.toFixed(1)} s`}</strong>
                </div>
                <div class="stat card">
                  <span class="muted">Outfit changed</span>
                  <strong data-testid="stat-outfit">{pct(metrics().outfitChangeRate)}</strong>
                </div>
                <div class="stat card">
                  <span class="muted">GPU cost · GPU time</span>
                  <strong data-testid="stat-gpu">
                    ${metrics().gpuCostUsd.toFixed(2)} · {Math.round(metrics().gpuSeconds)} s
                  </strong>
                </div>
                <div class="stat card">
                  <span class="muted">Packs · studio opens</span>
                  <strong data-testid="stat-packs">
                    {metrics().generations} · {metrics().studioOpens}
                  </strong>
                </div>
              </div>
              <IdentityConsistency identity={metrics().identity} />
              <div class="chart-grid">
                <BarChart
                  title="Studio opens per week"
                  testId="chart-opens"
                  labels={metrics().weekly.map((w) => week(w.weekStart))}
                  series={[{ label: 'Studio opens', values: metrics().weekly.map((w) => w.studioOpens), color: '#8b7cf6' }]}
                />
                <BarChart
                  title="Images per week"
                  testId="chart-images"
                  labels={metrics().weekly.map((w) => week(w.weekStart))}
                  series={[
                    { label: 'Completed', values: metrics().weekly.map((w) => w.imagesCompleted), color: '#4ade80' },
                    { label: 'Failed', values: metrics().weekly.map((w) => w.imagesFailed), color: '#f87171' },
                  ]}
                />
                <BarChart
                  title="GPU cost per day (USD)"
                  testId="chart-gpu-cost"
                  labels={metrics().daily.map((d) => week(d.day))}
                  series={[{ label: 'GPU cost (USD)', values: metrics().daily.map((d) => d.gpuCostUsd), color: '#38bdf8' }]}
                />
                <Show when={used(metrics().sceneDistribution).length > 0}>
                  <BarChart
                    title="Scenes"
                    testId="chart-scenes"
                    horizontal
                    labels={used(metrics().sceneDistribution).map((s) => s.label)}
                    series={[{ label: 'Packs', values: used(metrics().sceneDistribution).map((s) => s.count), color: '#60a5fa' }]}
                  />
                </Show>
                <Show when={used(metrics().environmentDistribution).length > 0}>
                  <BarChart
                    title="Environments"
                    testId="chart-environments"
                    horizontal
                    labels={used(metrics().environmentDistribution).map((s) => s.label)}
                    series={[{ label: 'Packs', values: used(metrics().environmentDistribution).map((s) => s.count), color: '#f59e0b' }]}
                  />
                </Show>
              </div>
            </>
          )}
        </Match>
        <Match when={true}>
          <div class="card skeleton skeleton--profile" aria-busy="true" />
        </Match>
      </Switch>
    </section>
  );
}
