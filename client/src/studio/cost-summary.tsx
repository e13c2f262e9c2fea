import { Show } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { plural } from './generation-options';

export const CostSummaryFragment = graphql(`
  fragment CostSummary_quote on CreditQuote {
    count
    pricePerImage
    total
    affordable
  }
`);

/** Why Generate cannot run now, or null when it can. */
export function generateBlocker(state: {
  quote: { total: number; affordable: boolean } | null | undefined;
  balance: number | null | undefined;
  hasBaseImage: boolean;
  busy: boolean;
}): string | null {
  if (!state.hasBaseImage) return 'Upload a base image for this influencer first.';
  if (!state.quote) return 'Working out the price…';
  if (!state.quote.affordable) return `Not enough credits: this pack costs ${state.quote.total}, you have ${state.balance ?? 0}.`;
  if (state.busy) return 'Starting the pack…';
  return null;
}

/** The exact price of the pack (from creditQuote) and the balance before and after. */
export function CostSummary(props: { quote: FragmentType<typeof CostSummaryFragment> | null | undefined; balance: number | null | undefined }) {
  const quote = () => useFragment(CostSummaryFragment, props.quote);
  return (
    <div class="cost" aria-live="polite">
      <Show when={quote()} fallback={<div class="cost__row muted">Calculating cost…</div>}>
        {(q) => (
          <>
            <div class="cost__row">
              <span class="muted">
                {plural(q().count, 'image')} × {plural(q().pricePerImage, 'credit')}
              </span>
              <strong class="cost__total" data-testid="cost-total">
                {plural(q().total, 'credit')}
              </strong>
            </div>
            <div class="cost__row cost__row--small">
              <span class="muted">Balance</span>
              <span data-testid="balance" classList={{ cost__short: !q().affordable }}>
                {plural(props.balance ?? 0, 'credit')}
                <Show when={q().affordable && props.balance != null}>
                  <span class="muted"> → {(props.balance ?? 0) - q().total} after</span>
                </Show>
              </span>
            </div>
          </>
        )}
      </Show>
    </div>
  );
}
