import type { GenerationStatus } from '../generated/graphql';
import type { PackCounts } from './pack-state';

const STATUS: Record<GenerationStatus, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Generating',
  COMPLETED: 'Complete',
  PARTIAL: 'Partly complete',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

/** "3 of 5" with a progress bar and the pack's state; the bar and the counter both count completed images. */
export function PackProgress(props: { status: GenerationStatus; counts: PackCounts }) {
  const settled = () => props.counts.completed + props.counts.failed + props.counts.cancelled;
  return (
    <div class="pack-progress">
      <div class="pack-progress__line">
        <span class={`status-pill status-pill--${props.status.toLowerCase()}`} data-testid="pack-status">
          {STATUS[props.status]}
        </span>
        <strong class="pack-progress__count" data-testid="pack-progress" aria-live="polite">
          {props.counts.completed} of {props.counts.total}
        </strong>
        <span class="muted">
          {props.counts.failed > 0 ? ` · ${props.counts.failed} failed` : ''}
          {props.counts.cancelled > 0 ? ` · ${props.counts.cancelled} cancelled` : ''}
        </span>
      </div>
      <div
        class="progress-bar"
        role="progressbar"
        aria-label="Pack progress"
        aria-valuemin={0}
        aria-valuemax={props.counts.total}
        aria-valuenow={props.counts.completed}
        aria-valuetext={`${props.counts.completed} of ${props.counts.total}${settled() > props.counts.completed ? `, ${settled() - props.counts.completed} failed or cancelled` : ''}`}
      >
        <span class="progress-bar__done" style={{ width: `${(100 * props.counts.completed) / Math.max(1, props.counts.total)}%` }} />
        <span class="progress-bar__failed" style={{ width: `${(100 * (props.counts.failed + props.counts.cancelled)) / Math.max(1, props.counts.total)}%` }} />
      </div>
    </div>
  );
}
