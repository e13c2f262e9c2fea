import { Show } from 'solid-js';
import type { IdentityStatus } from '../generated/graphql';
import { formatIdentityScore, identityBand, SIMULATED_SCORES_NOTE, type IdentityBand } from './identity-band';

const TEXT: Record<Exclude<IdentityBand, 'strong' | 'match' | 'drift'>, string> = { pending: 'scoring…', 'no-face': 'No face', unscored: 'Not scored' };
const MEANING: Record<IdentityBand, string> = {
  strong: 'strong match',
  match: 'matches',
  drift: "face didn't match",
  pending: 'being scored against the base face',
  'no-face': 'no face found (e.g. a back view), so no score',
  unscored: 'could not be scored',
};

/**
 * A small face-identity chip: the score against the base face, coloured by band; nothing for the
 * reference itself or when scoring was off. Plain values rather than a fragment: the live pack's
 * subscription is already near the API's query depth limit.
 */
export function IdentityChip(props: { score: number | null | undefined; status: IdentityStatus | null | undefined; threshold: number }) {
  const band = () => identityBand(props.score, props.status, props.threshold);
  const text = () => {
    const b = band();
    if (b === 'strong' || b === 'match' || b === 'drift') return formatIdentityScore(props.score!);
    return b ? TEXT[b] : '';
  };
  const title = () => {
    const b = band()!;
    const score = props.score;
    const head = score == null ? `Face identity: ${MEANING[b]}` : `Face identity ${formatIdentityScore(score)}: ${MEANING[b]} (match at ≥ ${formatIdentityScore(props.threshold)})`;
    return `${head}. ${SIMULATED_SCORES_NOTE}`;
  };
  return (
    <Show when={band()}>
      {(b) => (
        <span class={`identity-chip identity-chip--${b()}`} data-band={b()} title={title()}>
          <Show when={b() === 'strong' || b() === 'match' || b() === 'drift'}>
            <span class="identity-chip__icon" aria-hidden="true">
              ☺
            </span>
          </Show>
          {text()}
        </span>
      )}
    </Show>
  );
}
