import { For, Show } from 'solid-js';
import { dismiss, toasts } from './toasts';

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
            <Show when={t.action}>
              {(action) => (
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => {
                    dismiss(t.id);
                    action().run();
                  }}
                >
                  {action().label}
                </button>
              )}
            </Show>
            <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        )}
      </For>
    </div>
  );
}
