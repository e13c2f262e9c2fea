import { deleteInfluencer } from '../../domain/influencers/delete-influencer.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { builder } from '../builder.js';
import { decodeId } from './ids.js';
import { Influencer } from './influencer.js';

builder.prismaObjectFields(Influencer, (t) => ({
  generationJobs: t.relatedConnection('generationJobs', {
    cursor: 'id',
    description: 'Pack history: every pack of this influencer, newest first, with its settings, status and cost.',
    maxSize: 100,
    defaultSize: 20,
    query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
  }),
  assetCount: t.relationCount('assets', {
    description: 'Images of this influencer in the gallery (deleted ones and hidden drifted renders left out).',
    where: { deletedAt: null, hiddenReason: null },
  }),
  packCount: t.relationCount('generationJobs', { description: 'Packs generated for this influencer.' }),
}));

const DeleteInfluencerInput = builder.inputType('DeleteInfluencerInput', {
  description: 'The influencer to delete.',
  fields: (t) => ({ id: t.id({ required: true, description: 'Global id of the influencer.' }) }),
});

const DeleteInfluencerPayload = builder.objectRef<{ id: string; assetCount: number }>('DeleteInfluencerPayload').implement({
  description: 'What was deleted.',
  fields: (t) => ({
    deletedInfluencerId: t.id({ description: 'Global id of the deleted influencer.', resolve: (p) => p.id }),
    deletedAssetCount: t.exposeInt('assetCount', { description: 'Images deleted with it (their files are removed too).' }),
  }),
});

builder.mutationField('deleteInfluencer', (t) =>
  t.field({
    type: DeleteInfluencerPayload,
    description: 'Deletes an influencer with all its packs and images, for good. Refused (Conflict) while one of its packs or edits is still running.',
    authScopes: { authenticated: true },
    errors: { types: [NotFoundError, ConflictError] },
    args: { input: t.arg({ type: DeleteInfluencerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await deleteInfluencer({ db: ctx.app.db, storage: ctx.app.storage }, ctx.viewer!.id, decodeId(String(input.id), 'Influencer'));
      return { id: String(input.id), assetCount: result.assetCount };
    },
  }),
);
