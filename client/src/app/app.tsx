import { Provider } from '@urql/solid';
import { Match, Switch, createResource } from 'solid-js';
import { createStudioClient } from '../graphql/client';
import { fetchStudioSession, setToken, token } from '../graphql/session';
import { ToastRegion } from '../ui/toast-region';
import { toast } from '../ui/toasts';
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
  // A token the API refused (revoked, or from another data dir): try the demo session once more,
  // else ask. Signing in again reloads, so nothing cached under the old token is shown.
  let signedOut = false;
  const onSignedOut = async () => {
    const refused = token();
    signedOut = true;
    setToken(null);
    const demo = await fetchStudioSession();
    if (demo && demo !== refused) {
      setToken(demo);
      window.location.reload();
    } else {
      toast('error', 'Please sign in again', 'The API token was not accepted.');
    }
  };
  const onToken = (t: string) => {
    setToken(t);
    if (signedOut) window.location.reload();
  };
  return (
    <Provider value={client}>
      <Switch>
        <Match when={session.loading}>
          <div class="boot" role="status">
            <span class="spinner" aria-hidden="true" /> Opening the studio…
          </div>
        </Match>
        <Match when={token()}>
          <Shell onSignedOut={() => void onSignedOut()} />
        </Match>
        <Match when={true}>
          <SignIn onToken={onToken} />
        </Match>
      </Switch>
      <ToastRegion />
    </Provider>
  );
}
