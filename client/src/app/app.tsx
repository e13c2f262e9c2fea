import { Provider } from '@urql/solid';
import { Match, Switch, createResource } from 'solid-js';
import { createStudioClient } from '../graphql/client';
import { fetchStudioSession, setToken, token } from '../graphql/session';
import { ToastRegion } from '../ui/toast-region';
import { Shell } from './shell';
import { SignIn } from './sign-in';

/**
 * Signs in (a stored API token, else the embedded demo session, else the sign-in form), then
 * renders the studio with one urql client.
 */
export function App() {
  const client = createStudioClient();
  const [session] = createResource(async () => {
    if (token()) return token();
    const demo = await fetchStudioSession();
    if (demo) setToken(demo);
    return demo;
  });
  return (
    <Provider value={client}>
      <Switch>
        <Match when={session.loading}>
          <div class="boot" role="status">
            <span class="spinner" aria-hidden="true" /> Opening the studio…
          </div>
        </Match>
        <Match when={token()}>
          <Shell onSignedOut={() => setToken(null)} />
        </Match>
        <Match when={true}>
          <SignIn onToken={(t) => setToken(t)} />
        </Match>
      </Switch>
      <ToastRegion />
    </Provider>
  );
}
