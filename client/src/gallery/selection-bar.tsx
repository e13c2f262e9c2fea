/** What can be done with the selected images. */
export function SelectionBar(props: { count: number; onSelectAll: () => void; onClear: () => void; onDownload: () => void; onLike: () => void; onDelete: () => void }) {
  return (
    <div class="selection-bar card" role="toolbar" aria-label="Selection">
      <span class="selection-bar__count" data-testid="selection-count">
        {props.count} selected
      </span>
      <button type="button" class="button button--small" onClick={() => props.onSelectAll()}>
        Select all on screen
      </button>
      <button type="button" class="button button--small" onClick={() => props.onDownload()}>
        Download selection
      </button>
      <button type="button" class="button button--small" onClick={() => props.onLike()}>
        ★ Favourite
      </button>
      <button type="button" class="button button--small button--danger" onClick={() => props.onDelete()}>
        Delete
      </button>
      <button type="button" class="button button--small button--ghost" onClick={() => props.onClear()}>
        Clear
      </button>
    </div>
  );
}
