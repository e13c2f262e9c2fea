import { createQuery, useClient } from '@urql/solid';
import { Match, Show, Switch, createEffect, createSignal, on, onCleanup, onMount } from 'solid-js';
import { track } from '../app/analytics';
import { CreditsQuery, refreshCredits } from '../app/credits';
import { ErrorState } from '../ui/error-state';
import { toastError } from '../ui/toasts';
import { BeforeAfter } from './before-after';
import { EditImageMutation, EditProgressSubscription, ImageEditorQuery, RetryEditMutation } from './edit-documents';
import { announceEditCompleted, loadDraft, saveDraft, type EditDraft } from './edit-draft';
import { EditPanel } from './edit-panel';
import { applyEditEvent, editFrom, isFinalEdit, type EditState } from './edit-state';
import { exportMask } from './mask-canvas';
import { push, redo, stepSize, undo, type MaskHistory } from './mask-history';
import { MaskStage } from './mask-stage';
import { MaskToolbar } from './mask-toolbar';
import { shortcut } from './shortcuts';
import './editor.css';

/**
 * The inpainting editor over one image: paint a mask, describe the change, apply, follow the edit
 * live (editProgress), compare before and after. The draft (mask, prompts, tools, the edit under
 * way) is kept per image, so closing and reopening the editor loses nothing.
 */
export function ImageEditor(props: { assetId: string; onClose: () => void }) {
  const client = useClient();
  const [data] = createQuery({ query: ImageEditorQuery, variables: () => ({ id: props.assetId }) });
  const [credits] = createQuery({ query: CreditsQuery });
  const [draft, setDraft] = createSignal<EditDraft>(loadDraft(props.assetId));
  const [coverage, setCoverage] = createSignal(0);
  const [edit, setEdit] = createSignal<EditState | null>(null);
  const [view, setView] = createSignal<'mask' | 'result'>('mask');
  const [busy, setBusy] = createSignal(false);
  const [streamError, setStreamError] = createSignal<string | null>(null);
  let mask: HTMLCanvasElement | null = null;

  const update = (patch: Partial<EditDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const history = (change: (h: MaskHistory) => MaskHistory) => update({ history: change(draft().history) });
  createEffect(() => saveDraft(props.assetId, draft()));

  const running = () => {
    const e = edit();
    return !!e && !isFinalEdit(e.edit.status);
  };

  // editProgress: a snapshot first, then events in sequence, ending at COMPLETED or FAILED.
  let subscription: { unsubscribe: () => void } | null = null;
  const follow = (editJobId: string) => {
    subscription?.unsubscribe();
    setStreamError(null);
    subscription = client.subscription(EditProgressSubscription, { editJobId }).subscribe((r) => {
      if (r.error) setStreamError(r.error.message.replace(/^\[(GraphQL|Network)\]\s*/, ''));
      const event = r.data?.editProgress;
      if (event) setEdit((s) => applyEditEvent(s, event));
    });
  };
  onCleanup(() => subscription?.unsubscribe());
  const followed = draft().editJobId;
  if (followed) follow(followed);

  createEffect(
    on(
      () => edit()?.edit.status,
      (status, previous) => {
        const e = edit()?.edit;
        if (!e || !status || !isFinalEdit(status)) return;
        if (status === 'COMPLETED' && e.result) {
          // Shown as the result when it completes now, or when the editor reopens on a completed edit.
          setView('result');
          if (previous !== undefined) announceEditCompleted(e.source.id, e.result.id);
        }
        if (previous !== undefined) void refreshCredits(client);
      },
    ),
  );

  let opened = false;
  createEffect(() => {
    const influencerId = data.data?.asset?.influencer.id;
    if (opened || !influencerId) return;
    opened = true;
    track(client, 'image_edit_opened', influencerId, { asset_id: props.assetId });
  });

  const apply = async () => {
    const d = draft();
    if (!mask || busy()) return;
    setBusy(true);
    try {
      const blob = await exportMask(mask);
      const input = {
        assetId: props.assetId,
        prompt: d.prompt.trim(),
        negativePrompt: d.negativePrompt.trim() || null,
        mask: new File([blob], 'mask.png', { type: 'image/png' }),
        idempotencyKey: crypto.randomUUID(),
      };
      const r = await client.mutation(EditImageMutation, { input }).toPromise();
      const payload = r.data?.editImage;
      if (payload?.__typename !== 'EditImagePayload') return toastError('Could not start the edit', payload && 'message' in payload ? payload : r.error);
      setEdit(editFrom(payload.edit));
      update({ editJobId: payload.edit.id });
      follow(payload.edit.id);
      void refreshCredits(client);
    } finally {
      setBusy(false);
    }
  };

  const retry = async () => {
    const id = edit()?.edit.id;
    if (!id || busy()) return;
    setBusy(true);
    try {
      const r = await client.mutation(RetryEditMutation, { input: { editJobId: id } }).toPromise();
      const payload = r.data?.retryEdit;
      if (payload?.__typename !== 'RetryEditPayload') return toastError('Could not retry the edit', payload && 'message' in payload ? payload : r.error);
      setEdit(editFrom(payload.edit));
      // The previous subscription ended with the failure; the retry is followed by a new one.
      follow(id);
      void refreshCredits(client);
    } finally {
      setBusy(false);
    }
  };

  const editAgain = () => {
    setView('mask');
    setEdit(null);
    subscription?.unsubscribe();
    update({ editJobId: null });
  };

  onMount(() => {
    // The editor is modal: its keys never reach the page behind (← → Esc on the asset page).
    const onKey = (e: KeyboardEvent) => {
      const action = shortcut(e);
      e.stopPropagation();
      if (action === 'close') return props.onClose();
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (!action || (typing && e.target.type !== 'range') || view() !== 'mask') return;
      e.preventDefault();
      if (action === 'brush' || action === 'eraser') update({ tool: action === 'brush' ? 'brush' : 'eraser' });
      else if (action === 'smaller' || action === 'larger') update({ size: stepSize(draft().size, action === 'larger' ? 1 : -1) });
      else if (!running()) history(action === 'undo' ? undo : redo);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    onCleanup(() => window.removeEventListener('keydown', onKey, { capture: true }));
  });

  return (
    <div class="editor-backdrop">
      <div class="image-editor" role="dialog" aria-modal="true" aria-label="Edit image">
        <header class="image-editor__head">
          <h2>Edit image</h2>
          <span class="muted">Only the painted area changes; everything else stays exactly as it is.</span>
          <button type="button" class="icon-button image-editor__close" aria-label="Close the editor" title="Close (Esc)" onClick={() => props.onClose()}>
            ×
          </button>
        </header>
        <Switch>
          <Match when={data.error && !data.data}>
            <ErrorState message={data.error!.message} />
          </Match>
          <Match when={!data.data}>
            <div class="skeleton skeleton--profile" aria-busy="true" />
          </Match>
          <Match when={data.data?.asset}>
            {(asset) => (
              <div class="image-editor__body">
                <div class="image-editor__stage">
                  <Show
                    when={view() === 'result' && edit()?.edit.result}
                    fallback={
                      <>
                        <MaskToolbar
                          tool={draft().tool}
                          size={draft().size}
                          feather={draft().feather}
                          overlayOpacity={draft().overlayOpacity}
                          canUndo={draft().history.done.length > 0}
                          canRedo={draft().history.undone.length > 0}
                          coverage={coverage()}
                          disabled={running()}
                          onTool={(tool) => update({ tool })}
                          onSize={(size) => update({ size })}
                          onFeather={(feather) => update({ feather })}
                          onOverlayOpacity={(overlayOpacity) => update({ overlayOpacity })}
                          onUndo={() => history(undo)}
                          onRedo={() => history(redo)}
                          onClear={() => history((h) => push(h, { kind: 'clear' }))}
                          onInvert={() => history((h) => push(h, { kind: 'invert' }))}
                        />
                        <div class="edit-frame">
                          <MaskStage
                            url={asset().url}
                            alt={`${asset().influencer.name}: the image being edited`}
                            width={asset().width}
                            height={asset().height}
                            ops={draft().history.done}
                            tool={draft().tool}
                            size={draft().size}
                            feather={draft().feather}
                            overlayOpacity={draft().overlayOpacity}
                            onStroke={(op) => !running() && history((h) => push(h, op))}
                            onMask={(canvas, share) => {
                              mask = canvas;
                              setCoverage(share);
                            }}
                          />
                        </div>
                      </>
                    }
                  >
                    {(result) => (
                      <div class="edit-frame">
                        <BeforeAfter before={asset().url} after={result().url} width={asset().width} height={asset().height} />
                      </div>
                    )}
                  </Show>
                </div>
                <EditPanel
                  sourceUrl={asset().url}
                  prompt={draft().prompt}
                  negativePrompt={draft().negativePrompt}
                  price={data.data!.presets.prices.inpaintEdit}
                  credits={credits.data?.viewer?.credits ?? null}
                  coverage={coverage()}
                  edit={edit()?.edit ?? null}
                  streamError={streamError()}
                  busy={busy()}
                  view={view()}
                  onPrompt={(prompt) => update({ prompt })}
                  onNegativePrompt={(negativePrompt) => update({ negativePrompt })}
                  onApply={() => void apply()}
                  onRetry={() => void retry()}
                  onEditAgain={editAgain}
                  onClose={() => props.onClose()}
                />
              </div>
            )}
          </Match>
          <Match when={true}>
            <ErrorState title="Image not found" message="It does not exist or belongs to someone else." />
          </Match>
        </Switch>
      </div>
    </div>
  );
}
