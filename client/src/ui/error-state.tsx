/** A failed load, in words, with a way to try again. */
export function ErrorState(props: { message: string; title?: string }) {
  return (
    <div class="empty-state card" role="alert">
      <h2>{props.title ?? 'Could not load this page'}</h2>
      <p class="muted">{props.message.replace(/^\[(GraphQL|Network)\]\s*/, '')}</p>
      <button type="button" class="button" onClick={() => window.location.reload()}>
        Try again
      </button>
    </div>
  );
}
