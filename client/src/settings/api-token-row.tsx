import { Show, createSignal } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';

export const ApiTokenRowFragment = graphql(`
  fragment ApiTokenRow_token on ApiToken {
    id
    name
    prefix
    createdAt
    lastUsedAt
    revokedAt
  }
`);

const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : 'Never');

/** One API token: name, prefix, dates, and a two-step Revoke. */
export function ApiTokenRow(props: { token: FragmentType<typeof ApiTokenRowFragment>; current: boolean; busy: boolean; onRevoke: (id: string) => void }) {
  const token = () => useFragment(ApiTokenRowFragment, props.token);
  const [confirming, setConfirming] = createSignal(false);
  return (
    <tr classList={{ 'is-revoked': !!token().revokedAt }}>
      <td>
        <strong>{token().name}</strong>
        <Show when={props.current && !token().revokedAt}>
          <span class="badge badge--accent token-current" title="This browser signs in with this token; revoking it signs the studio out.">
            This browser
          </span>
        </Show>
      </td>
      <td>
        <code>{token().prefix}…</code>
      </td>
      <td>{when(token().createdAt)}</td>
      <td>{when(token().lastUsedAt)}</td>
      <td class="table__actions">
        <Show when={!token().revokedAt} fallback={<span class="badge badge--neutral">Revoked {new Date(token().revokedAt!).toLocaleDateString()}</span>}>
          <Show
            when={confirming()}
            fallback={
              <button type="button" class="button button--ghost button--small" onClick={() => setConfirming(true)} aria-label={`Revoke ${token().name}`}>
                Revoke
              </button>
            }
          >
            <button type="button" class="button button--danger button--small" disabled={props.busy} onClick={() => props.onRevoke(token().id)}>
              Confirm revoke
            </button>
            <button type="button" class="button button--ghost button--small" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </Show>
        </Show>
      </td>
    </tr>
  );
}
