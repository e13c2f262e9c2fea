import { Match, Show, Switch } from 'solid-js';
import { creatorError } from '../library/gpu-error';
import { Link } from '../router/link';
import { editStatusLabel, type EditView } from './edit-state';

/** Why Apply is not possible yet, or null when it is. */
export function applyBlocker(s: { coverage: number; prompt: string; price: number; credits: number | null; running: boolean }): string | null {
  if (s.running) return 'An edit is under way.';
  if (s.coverage <= 0) return 'Paint over the area to change first.';
  if (!s.prompt.trim()) return 'Describe the change.';
  if (s.credits !== null && s.credits < s.price) return `Not enough credits: an edit costs ${s.price}, you have ${s.credits}.`;
  return null;
}

/** The prompts, the cost, Apply, and what became of the edit (progress, failure and Retry, the result). */
export function EditPanel(props: {
  sourceUrl: string;
  prompt: string;
  negativePrompt: string;
  price: number;
  credits: number | null;
  coverage: number;
  edit: EditView | null;
  streamError: string | null;
  busy: boolean;
  view: 'mask' | 'result';
  onPrompt: (prompt: string) => void;
  onNegativePrompt: (prompt: string) => void;
  onApply: () => void;
  onRetry: () => void;
  onEditAgain: () => void;
  onClose: () => void;
}) {
  const status = () => props.edit?.status;
  const running = () => status() === 'QUEUED' || status() === 'RUNNING';
  const blocker = () => applyBlocker({ coverage: props.coverage, prompt: props.prompt, price: props.price, credits: props.credits, running: running() });
  return (
    <aside class="image-editor__panel card">
      <Show when={props.view === 'mask'}>
        <label class="field">
          <span class="field__label">Describe the change</span>
          <textarea
            rows="3"
            maxLength={2000}
            placeholder="e.g. a golden necklace"
            value={props.prompt}
            disabled={running()}
            onInput={(e) => props.onPrompt(e.currentTarget.value)}
          />
          <span class="field__hint">What to paint inside the mask.</span>
        </label>
        <label class="field">
          <span class="field__label">Negative prompt (optional)</span>
          <input type="text" maxLength={2000} value={props.negativePrompt} disabled={running()} onInput={(e) => props.onNegativePrompt(e.currentTarget.value)} />
          <span class="field__hint" data-testid="negative-prompt-note">
            Has no effect: edits run Flux Fill at cfg 1, where a negative prompt changes nothing. It is kept with the edit, not sent as if it did anything.
          </span>
        </label>
        <p class="image-editor__cost" data-testid="edit-cost">
          Costs <strong>{props.price}</strong> credits
          <Show when={props.credits !== null}>
            <span class="muted"> · you have {props.credits}</span>
          </Show>
          <span class="muted"> · refunded if it fails</span>
        </p>
        <button type="button" class="button button--primary button--block" disabled={!!blocker() || props.busy} onClick={() => props.onApply()}>
          {props.busy && !props.edit ? 'Starting…' : 'Apply edit'}
        </button>
        <Show when={blocker() && !running()}>
          <p class="muted image-editor__blocker">{blocker()}</p>
        </Show>
      </Show>
      <Show when={props.edit}>
        {(edit) => (
          <div class="edit-outcome" data-status={edit().status}>
            <p class="edit-outcome__status" data-testid="edit-status">
              {editStatusLabel(edit().status)}
            </p>
            <Switch>
              <Match when={running()}>
                <div class="edit-outcome__bar" role="progressbar" aria-label="Edit progress" aria-busy="true">
                  <span />
                </div>
                <p class="muted">
                  Mask: {(edit().maskCoverage * 100).toFixed(1)} % of the image · “{edit().prompt}”
                </p>
              </Match>
              <Match when={edit().status === 'FAILED' || edit().status === 'CANCELLED'}>
                <div class="edit-outcome__error" role="alert">
                  <strong>{creatorError(edit().error).title}</strong>
                  <p data-testid="edit-error">{edit().error ?? 'The edit did not finish.'}</p>
                  <p class="muted">You were not charged: the credits were refunded. Retry runs it again with the same prompt and mask.</p>
                </div>
                <button type="button" class="button button--primary button--block" disabled={props.busy} onClick={() => props.onRetry()}>
                  Retry
                </button>
              </Match>
              <Match when={edit().status === 'COMPLETED' && edit().result}>
                {(result) => (
                  <>
                    <div class="edit-outcome__pair">
                      <figure>
                        <img src={props.sourceUrl} alt="Source" />
                        <figcaption>Source</figcaption>
                      </figure>
                      <figure>
                        <img src={result().thumbnailUrl} alt="Result" />
                        <figcaption>Result</figcaption>
                      </figure>
                    </div>
                    <p class="muted">A new image in the gallery, with this one as its source. {edit().creditsCharged} credits charged.</p>
                    <Link href={`/gallery/${encodeURIComponent(result().id)}`} class="button button--primary button--block" onClick={() => props.onClose()}>
                      Open the edited image
                    </Link>
                    <button type="button" class="button button--block" onClick={() => props.onEditAgain()}>
                      Edit again
                    </button>
                  </>
                )}
              </Match>
            </Switch>
          </div>
        )}
      </Show>
      <Show when={props.streamError}>
        <p class="field__error">Live progress unavailable: {props.streamError}</p>
      </Show>
      <p class="muted image-editor__keys">B brush · E eraser · [ ] size · Ctrl-Z undo · Ctrl-Shift-Z redo · Esc close</p>
    </aside>
  );
}
