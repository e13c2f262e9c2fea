import { graphql, useFragment, type FragmentType } from '../generated';
import type { EditState_EditFragment } from '../generated/graphql';

export const EditStateFragmentDoc = graphql(`
  fragment EditState_edit on EditJob {
    id
    status
    prompt
    negativePrompt
    maskCoverage
    error
    creditsReserved
    creditsCharged
    createdAt
    completedAt
    source {
      id
    }
    result {
      id
      url
      thumbnailUrl
      width
      height
    }
  }
`);

export type EditView = EditState_EditFragment;

/** An edit as the editor shows it, and the sequence of the last event applied. */
export interface EditState {
  edit: EditView;
  sequence: number;
}

export const isFinalEdit = (status: EditView['status']) => status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED';

/** The state from a mutation's answer: any event of the subscription that follows supersedes it. */
export function editFrom(edit: FragmentType<typeof EditStateFragmentDoc>): EditState {
  return { edit: useFragment(EditStateFragmentDoc, edit), sequence: -1 };
}

/**
 * One editProgress event: a snapshot replaces the state (first event, after a reconnect or a
 * retry); any other event applies only if it is newer than the last one.
 */
export function applyEditEvent(state: EditState | null, event: { sequence: number; snapshot: boolean; edit: FragmentType<typeof EditStateFragmentDoc> }): EditState {
  if (state && !event.snapshot && event.sequence <= state.sequence) return state;
  return { edit: useFragment(EditStateFragmentDoc, event.edit), sequence: event.sequence };
}

/** The words the editor shows for an edit's status. */
export function editStatusLabel(status: EditView['status']): string {
  switch (status) {
    case 'QUEUED':
      return 'Waiting for a GPU…';
    case 'RUNNING':
      return 'Painting the masked area…';
    case 'COMPLETED':
      return 'Done';
    case 'FAILED':
      return 'The edit failed';
    case 'CANCELLED':
      return 'Cancelled';
  }
}
