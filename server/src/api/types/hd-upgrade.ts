import { InsufficientCreditsError, InvalidInputError, NotFoundError, NsfwNotAllowedError, RateLimitedError } from '../../domain/errors.js';
import { hdUpgradeAvailable } from '../../domain/generation/hd-upgrade-available.js';
import { upgradePackToHd } from '../../domain/generation/upgrade-pack-to-hd.js';
import { withoutNulls } from '../../domain/validation.js';
import type { GenerationJob as JobRow } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { GenerationJob } from './generation-job.js';
import { decodeId } from './ids.js';

const UpgradePackToHdInput = builder.inputType('UpgradePackToHdInput', {
  description: 'The finished face-reference pack to re-render with the character LoRA.',
  fields: (t) => ({
    jobId: t.id({ required: true, description: 'Global id of the pack.' }),
    idempotencyKey: t.string({ description: 'Same key → same HD pack and a single charge (retry-safe scripts). Max 200 characters.' }),
  }),
});

const UpgradePackToHdPayload = builder.objectRef<{ job: JobRow; created: boolean }>('UpgradePackToHdPayload').implement({
  description: 'The HD pack started (or the one that already re-renders this pack).',
  fields: (t) => ({
    job: t.field({ type: GenerationJob, description: 'The HD pack (upgradedFrom = the original); subscribe to generationProgress(jobId).', resolve: (p) => p.job }),
    created: t.exposeBoolean('created', {
      description: 'False when the idempotency key, or an HD upgrade of this pack that runs or completed, returned an existing pack (nothing charged again).',
    }),
  }),
});

builder.prismaObjectFields(GenerationJob, (t) => ({
  upgradedFrom: t.relation('upgradedFrom', { nullable: true, description: 'An HD pack: the face-reference pack it re-renders; else null.' }),
  hdUpgrade: t.prismaField({
    type: 'GenerationJob',
    nullable: true,
    description: 'The latest HD re-render of this pack (upgradePackToHd), or null.',
    resolve: (query, pack, _args, ctx) => ctx.app.db.generationJob.findFirst({ ...query, where: { upgradedFromId: pack.id, userId: pack.userId }, orderBy: { createdAt: 'desc' } }),
  }),
  hdUpgradeAvailable: t.boolean({
    description: 'upgradePackToHd would start now: a finished FACE_REF pack with a visible image, no HD upgrade yet, and a LoRA serving for its engine.',
    resolve: (pack, _args, ctx) => hdUpgradeAvailable(ctx.app.db, pack),
  }),
}));

builder.mutationField('upgradePackToHd', (t) =>
  t.field({
    type: UpgradePackToHdPayload,
    description:
      'Re-renders a finished face-reference pack with the character LoRA (HD): same settings and seeds, each new image descending from the original of the same index. Reserves price × count like generateImages.',
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError, NotFoundError, InsufficientCreditsError, RateLimitedError, NsfwNotAllowedError] },
    args: { input: t.arg({ type: UpgradePackToHdInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      upgradePackToHd({ db: ctx.app.db, env: ctx.app.env }, ctx.viewer!.id, { ...withoutNulls(input), jobId: decodeId(String(input.jobId), 'GenerationJob') }),
  }),
);
