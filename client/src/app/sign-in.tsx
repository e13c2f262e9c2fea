import { createSignal } from 'solid-js';

/** Asks for an API token when the server hands out no studio session (Supabase or remote). */
export function SignIn(props: { onToken: (token: string) => void }) {
  const [value, setValue] = createSignal('');
  return (
    <main class="sign-in">
      <form
        class="card sign-in__card"
        onSubmit={(e) => {
          e.preventDefault();
          const t = value().trim();
          if (t) props.onToken(t);
        }}
      >
        <div class="brand brand--large">
          <span class="brand__mark" aria-hidden="true" />
          Content Studio
        </div>
        <p class="muted">Paste an API token to open your studio. Create one with the API or ask the owner of this server.</p>
        <label class="field">
          <span class="field__label">API token</span>
          <input type="password" autocomplete="off" placeholder="cs_…" value={value()} onInput={(e) => setValue(e.currentTarget.value)} required />
        </label>
        <button type="submit" class="button button--primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
