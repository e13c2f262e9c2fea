import { createSignal } from 'solid-js';

/** A new token's secret, shown once, with a copy button. */
export function TokenSecret(props: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = createSignal(false);
  let input!: HTMLInputElement;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
    } catch {
      // No clipboard permission (plain http): select it so Ctrl+C works.
      input.select();
      document.execCommand('copy');
    }
    setCopied(true);
  };
  return (
    <div class="callout callout--success" role="status">
      <strong>Token “{props.name}” created.</strong>
      <p>Copy the secret now: it is never shown again.</p>
      <div class="secret">
        <label class="visually-hidden" for="new-token-secret">
          Secret of {props.name}
        </label>
        <input id="new-token-secret" ref={input} readonly value={props.secret} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="button" onClick={() => void copy()}>
          {copied() ? 'Copied ✓' : 'Copy'}
        </button>
      </div>
      <button type="button" class="button button--ghost button--small" onClick={() => props.onDone()}>
        Done
      </button>
    </div>
  );
}
