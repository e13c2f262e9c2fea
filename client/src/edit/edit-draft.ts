import { createSignal } from 'solid-js';
import { emptyHistory, parseHistory, type MaskHistory, type MaskTool } from './mask-history';

/** What the editor keeps per image while it is closed: the mask, the prompts, the tools, the edit under way. */
export interface EditDraft {
  history: MaskHistory;
  prompt: string;
  negativePrompt: string;
  tool: MaskTool;
  size: number;
  feather: number;
  overlayOpacity: number;
  /** The last edit started from this draft (followed again when the editor reopens). */
  editJobId: string | null;
}

const defaults = (): EditDraft => ({ history: emptyHistory(), prompt: '', negativePrompt: '', tool: 'brush', size: 48, feather: 8, overlayOpacity: 0.55, editJobId: null });

const key = (assetId: string) => `studio.edit.${assetId}`;
const memory = new Map<string, EditDraft>();

/**
 * The draft for one image: in memory for this tab, and in sessionStorage so a reload keeps it too
 * (a full storage only costs the reload copy).
 */
export function loadDraft(assetId: string): EditDraft {
  const kept = memory.get(assetId);
  if (kept) return kept;
  let stored: Partial<EditDraft> | null;
  try {
    stored = JSON.parse(sessionStorage.getItem(key(assetId)) ?? 'null') as Partial<EditDraft> | null;
  } catch {
    stored = null;
  }
  const base = defaults();
  if (!stored) return base;
  return {
    history: parseHistory(stored.history) ?? base.history,
    prompt: typeof stored.prompt === 'string' ? stored.prompt : '',
    negativePrompt: typeof stored.negativePrompt === 'string' ? stored.negativePrompt : '',
    tool: stored.tool === 'eraser' ? 'eraser' : 'brush',
    size: typeof stored.size === 'number' ? stored.size : base.size,
    feather: typeof stored.feather === 'number' ? stored.feather : base.feather,
    overlayOpacity: typeof stored.overlayOpacity === 'number' ? stored.overlayOpacity : base.overlayOpacity,
    editJobId: typeof stored.editJobId === 'string' ? stored.editJobId : null,
  };
}

export function saveDraft(assetId: string, draft: EditDraft) {
  memory.set(assetId, draft);
  try {
    sessionStorage.setItem(key(assetId), JSON.stringify(draft));
  } catch {
    // Quota or privacy mode: the in-memory copy still survives closing the editor.
  }
}

const [completed, setCompleted] = createSignal<{ sourceId: string; resultId: string } | null>(null);

/** The last edit that completed in this tab: pages showing its source re-read their lineage. */
export const editCompleted = completed;

export function announceEditCompleted(sourceId: string, resultId: string) {
  setCompleted({ sourceId, resultId });
}
