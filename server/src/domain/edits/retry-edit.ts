import type { Env } from '../../config/env.js';
import type { Db } from '../../db/client.js';
import { bookEntry, creditBalance, lockUserCredits } from '../credits/ledger.js';
import { ConflictError, InsufficientCreditsError, NotFoundError } from '../errors.js';
import { publishInTx } from '../events/topics.js';
import { restartGpuJobInTx } from '../gpu-jobs/create.js';

/** Runs a failed edit again with its stored prompt and mask: reserves the price again (a new round), resubmits. */
export async function retryEdit(db: Db, env: Env, userId: string, editId: string) {
  return db.$transaction(async (tx) => {
    await lockUserCredits(tx, userId);
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "EditJob" WHERE id = ${editId}::uuid AND "userId" = ${userId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError('EditJob', editId);
    const edit = await tx.editJob.findUniqueOrThrow({ where: { id: editId }, include: { gpuJob: { select: { id: true } } } });
    if (edit.status !== 'failed') throw new ConflictError('Only a failed edit can be retried.');
    const balance = await creditBalance(tx, userId);
    if (balance < edit.creditsReserved) throw new InsufficientCreditsError(edit.creditsReserved, balance);
    const round = edit.round + 1;
    await bookEntry(tx, { userId, kind: 'reserve', amount: -edit.creditsReserved, dedupeKey: `reserve:edit:${edit.id}:${round}`, editJobId: edit.id, note: 'Retry edit' });
    const updated = await tx.editJob.update({
      where: { id: editId },
      data: { status: 'pending', round, error: null, errorKind: null, completedAt: null, startedAt: null, sequence: { increment: 1 } },
    });
    await restartGpuJobInTx(tx, env, edit.gpuJob!.id);
    await publishInTx(tx, 'edit', editId, { kind: 'edit_status_changed', editJobId: editId, sequence: updated.sequence, status: updated.status });
    return updated;
  });
}
