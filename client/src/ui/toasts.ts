import { createSignal } from 'solid-js';

export interface Toast {
  id: number;
  kind: 'error' | 'success' | 'info';
  title: string;
  body?: string;
  /** A button in the toast (e.g. Undo) or a link (e.g. to the studio); the toast closes when it is used. */
  action?: { label: string; run: () => void } | { label: string; href: string };
}

const [toasts, setToasts] = createSignal<Toast[]>([]);
let next = 1;

export { toasts };

/** Shows a toast; errors stay until dismissed, others fade after a few seconds. */
export function toast(kind: Toast['kind'], title: string, body?: string, action?: Toast['action']) {
  const id = next++;
  setToasts((list) => [...list.slice(-4), { id, kind, title, body, action }]);
  // A toast with an action (Undo, a link) stays a little longer: the user has to notice and reach it.
  if (kind !== 'error') setTimeout(() => dismiss(id), action ? 10_000 : 6000);
  return id;
}

export function dismiss(id: number) {
  setToasts((list) => list.filter((t) => t.id !== id));
}

/** A typed error result (`... on Error { message }`) or a transport error, as a toast. */
export function toastError(title: string, error: { message: string } | null | undefined) {
  toast('error', title, error?.message?.replace(/^\[(GraphQL|Network)\]\s*/, '') ?? 'Something went wrong.');
}
