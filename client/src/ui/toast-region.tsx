import { For, Show } from 'solid-js';
import { Link } from '../router/link';
import { dismiss, toasts, type Toast } from './toasts';

/** Live region for toasts: errors are announced assertively, the rest politely. */
export function ToastRegion() {
  return (
    <div class="toast-region" aria-live="polite">
      <For each={toasts()}>
        {(t) => (
          <div class={`toast toast--${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
            <div class="toast__text">
              <strong>{t.title}</strong>
              <Show when={t.body}>
                <span>{t.body}</span>
              </Show>
            </div>
            <Show when={t.action}>{(action) => <ToastAction action={action()} onUsed={() => dismiss(t.id)} />}</Show>
            <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        )}
      </For>
    </div>
  );
}

function ToastAction(props: { action: NonNullable<Toast['action']>; onUsed: () => void }) {
  const href = () => ('href' in props.action ? props.action.href : null);
  return (
    <Show
      when={href()}
      fallback={
        <button
          type="button"
          class="button button--small"
          onClick={() => {
            props.onUsed();
            if ('run' in props.action) props.action.run();
          }}
        >
          {props.action.label}
        </button>
      }
    >
      {(to) => (
        <Link href={to()} class="button button--small" onClick={() => props.onUsed()}>
          {props.action.label}
        </Link>
      )}
    </Show>
  );
}
