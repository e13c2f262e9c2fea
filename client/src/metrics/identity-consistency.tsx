import { For } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { formatIdentityScore, SIMULATED_SCORES_NOTE } from '../identity/identity-band';
import { faceModeLabel } from '../studio/generation-options';

export const IdentityConsistencyFragment = graphql(`
  fragment IdentityConsistency_metrics on IdentityMetrics {
    threshold
    byMode {
      mode
      scored
      mean
      p10
      consistencyRate
      deliveredConsistencyRate
      noFace
      rerendered
    }
  }
`);

const pct = (v: number | null | undefined) => (v == null ? '—' : `${Math.round(v * 100)}%`);
const score = (v: number | null | undefined) => (v == null ? '—' : formatIdentityScore(v));

/** Face consistency per mode: the share of renders whose face matched the base face, before and after re-renders. */
export function IdentityConsistency(props: { identity: FragmentType<typeof IdentityConsistencyFragment> }) {
  const identity = () => useFragment(IdentityConsistencyFragment, props.identity);
  return (
    <div class="card stack" data-testid="identity-metrics">
      <h2 class="section-title">Face consistency</h2>
      <p class="muted">
        Every render is scored against the influencer's base face; a match is {formatIdentityScore(identity().threshold)} or more. {SIMULATED_SCORES_NOTE}
      </p>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Mode</th>
              <th scope="col">Consistency</th>
              <th scope="col">Delivered</th>
              <th scope="col">Mean</th>
              <th scope="col">p10</th>
              <th scope="col">Scored</th>
              <th scope="col">Re-rendered</th>
              <th scope="col">No face</th>
            </tr>
          </thead>
          <tbody>
            <For each={identity().byMode}>
              {(m) => (
                <tr data-mode={m.mode}>
                  <th scope="row">{faceModeLabel(m.mode)}</th>
                  <td data-testid={`consistency-${m.mode}`}>{pct(m.consistencyRate)}</td>
                  <td>{pct(m.deliveredConsistencyRate)}</td>
                  <td>{score(m.mean)}</td>
                  <td>{score(m.p10)}</td>
                  <td>{m.scored}</td>
                  <td>{m.rerendered}</td>
                  <td>{m.noFace}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}
