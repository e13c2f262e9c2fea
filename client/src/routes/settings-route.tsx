import { createMutation, createQuery } from '@urql/solid';
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import { graphql } from '../generated';
import { token } from '../graphql/session';
import { ApiTokenRow } from '../settings/api-token-row';
import { TokenSecret } from '../settings/token-secret';
import { ErrorState } from '../ui/error-state';
import { toast, toastError } from '../ui/toasts';

const SettingsQuery = graphql(`
  query Settings {
    viewer {
      id
      displayName
      email
      isDemo
      adultConfirmed
      apiTokens {
        id
        prefix
        ...ApiTokenRow_token
      }
    }
  }
`);

const CreateTokenMutation = graphql(`
  mutation CreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on CreateApiTokenPayload {
        secret
        token {
          id
          name
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

const ConfirmAdultMutation = graphql(`
  mutation SettingsConfirmAdult($input: ConfirmAdultInput!) {
    confirmAdult(input: $input) {
      viewer {
        id
        adultConfirmed
      }
    }
  }
`);

const RevokeTokenMutation = graphql(`
  mutation RevokeToken($input: RevokeApiTokenInput!) {
    revokeApiToken(input: $input) {
      __typename
      ... on RevokeApiTokenPayload {
        token {
          id
          ...ApiTokenRow_token
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/** Account and API tokens for scripts. */
export function SettingsRoute() {
  const [settings, reexecute] = createQuery({ query: SettingsQuery, requestPolicy: 'cache-and-network' });
  const [creating, createToken] = createMutation(CreateTokenMutation);
  const [revoking, revokeToken] = createMutation(RevokeTokenMutation);
  const [confirming, confirmAdult] = createMutation(ConfirmAdultMutation);
  const [fresh, setFresh] = createSignal<{ name: string; secret: string } | null>(null);
  const [name, setName] = createSignal('');

  /** The token this browser signs in with (its secret starts with the token's prefix). */
  const isCurrent = (t: { prefix: string }) => !!token()?.startsWith(t.prefix);

  const create = async () => {
    const label = name().trim();
    if (!label) return;
    const r = await createToken({ input: { name: label } });
    const payload = r.data?.createApiToken;
    if (payload?.__typename !== 'CreateApiTokenPayload') return toastError('Could not create the token', payload && 'message' in payload ? payload : r.error);
    setFresh({ name: payload.token.name, secret: payload.secret });
    setName('');
    reexecute({ requestPolicy: 'network-only' });
  };
  const setAdult = async (confirmed: boolean) => {
    const r = await confirmAdult({ input: { confirmed } });
    if (!r.data) return toastError('Could not save', r.error);
    toast('info', confirmed ? 'Adult content enabled' : 'Adult content disabled', confirmed ? 'NSFW packs are available for influencers that allow them.' : undefined);
    reexecute({ requestPolicy: 'network-only' });
  };
  const revoke = async (id: string) => {
    const r = await revokeToken({ input: { id } });
    const payload = r.data?.revokeApiToken;
    if (payload?.__typename !== 'RevokeApiTokenPayload') return toastError('Could not revoke the token', payload && 'message' in payload ? payload : r.error);
    toast('info', 'Token revoked', 'Requests with it fail from now on.');
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <section class="stack settings">
      <div class="page-header">
        <div>
          <h1>Settings</h1>
          <p class="muted">Your account and the API tokens your scripts use.</p>
        </div>
      </div>
      <Switch>
        <Match when={settings.error && !settings.data}>
          <ErrorState message={settings.error!.message} />
        </Match>
        <Match when={!settings.data}>
          <div class="card skeleton skeleton--profile" aria-busy="true" />
        </Match>
        <Match when={settings.data?.viewer}>
          {(viewer) => (
            <>
              <div class="card">
                <h2 class="section-title">Account</h2>
                <dl class="facts facts--tight">
                  <div class="facts__row">
                    <dt>Name</dt>
                    <dd>{viewer().displayName}</dd>
                  </div>
                  <div class="facts__row">
                    <dt>E-mail</dt>
                    <dd>{viewer().email ?? (viewer().isDemo ? 'Embedded demo user' : '—')}</dd>
                  </div>
                </dl>
              </div>
              <div class="card stack">
                <h2 class="section-title">Adult content</h2>
                <label class="toggle">
                  <input
                    type="checkbox"
                    role="switch"
                    name="adultConfirmed"
                    checked={viewer().adultConfirmed}
                    disabled={confirming.fetching}
                    onChange={(e) => void setAdult(e.currentTarget.checked)}
                    aria-describedby="settings-adult-hint"
                  />
                  <span class="toggle__track" aria-hidden="true" />
                  <span>
                    <span class="toggle__label">I confirm I am 18 or older</span>
                    <span id="settings-adult-hint" class="field__hint">
                      Needed, with an influencer that allows it, for NSFW packs (uncensored model, private storage).
                    </span>
                  </span>
                </label>
              </div>
              <div class="card stack">
                <div>
                  <h2 class="section-title">API tokens</h2>
                  <p class="muted">
                    Scripts call the GraphQL API with <code>Authorization: Bearer &lt;secret&gt;</code>.
                  </p>
                </div>
                <form
                  class="inline-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void create();
                  }}
                >
                  <label class="field">
                    <span class="field__label">Token name</span>
                    <input name="tokenName" placeholder="e.g. nightly batch script" maxlength="100" required value={name()} onInput={(e) => setName(e.currentTarget.value)} />
                  </label>
                  <button type="submit" class="button button--primary" disabled={creating.fetching || !name().trim()}>
                    {creating.fetching ? 'Creating…' : 'Create token'}
                  </button>
                </form>
                <Show when={fresh()}>{(f) => <TokenSecret name={f().name} secret={f().secret} onDone={() => setFresh(null)} />}</Show>
                <Show when={viewer().apiTokens.length > 0} fallback={<p class="muted">No tokens yet.</p>}>
                  <div class="table-wrap">
                    <table class="table">
                      <thead>
                        <tr>
                          <th scope="col">Name</th>
                          <th scope="col">Prefix</th>
                          <th scope="col">Created</th>
                          <th scope="col">Last used</th>
                          <th scope="col">
                            <span class="visually-hidden">Actions</span>
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={viewer().apiTokens}>
                          {(token) => <ApiTokenRow token={token} current={isCurrent(token)} busy={revoking.fetching} onRevoke={(id) => void revoke(id)} />}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
              </div>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
