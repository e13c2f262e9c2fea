import { deleteAssets, restoreAssets } from '../../domain/assets/delete-assets.js';
import { setAssetsLiked } from '../../domain/assets/set-assets-liked.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../domain/errors.js';
import type { ImageAsset as AssetRow } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { ImageAsset } from './asset.js';
import { decodeId } from './ids.js';

const decodeAll = (ids: readonly (string | number)[]) => ids.map((id) => decodeId(String(id), 'ImageAsset'));

const SetAssetsLikedInput = builder.inputType('SetAssetsLikedInput', {
  description: 'Images to star or un-star.',
  fields: (t) => ({
    assetIds: t.idList({ required: true, description: 'Global ids of your images (1–500). One id that is not yours changes nothing and answers NotFound.' }),
    liked: t.boolean({ required: true, description: 'true marks them as favourites, false removes the star.' }),
  }),
});

const AssetIdsInput = (name: string, description: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({
      assetIds: t.idList({ required: true, description: 'Global ids of your images (1–500). One id that is not yours changes nothing and answers NotFound.' }),
    }),
  });

const AssetsPayload = (name: string, description: string) =>
  builder.objectRef<{ assets: AssetRow[] }>(name).implement({
    description,
    fields: (t) => ({ assets: t.field({ type: [ImageAsset], description: 'The images, newest first.', resolve: (p) => p.assets }) }),
  });

const DeleteAssetsPayload = builder.objectRef<{ assetIds: string[]; restorableUntil: Date }>('DeleteAssetsPayload').implement({
  description: 'The deleted images: hidden now, restorable with restoreAssets until `restorableUntil`.',
  fields: (t) => ({
    assetIds: t.idList({ description: 'Global ids of the deleted images.', resolve: (p) => p.assetIds }),
    restorableUntil: t.expose('restorableUntil', { type: 'DateTime', description: 'After this their files are removed for good.' }),
  }),
});

builder.mutationFields((t) => ({
  setAssetsLiked: t.field({
    type: AssetsPayload('SetAssetsLikedPayload', 'The images with their new star.'),
    description: 'Stars or un-stars images (favourites); the gallery filters them with `assets(filter: { liked: true })`.',
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: { input: t.arg({ type: SetAssetsLikedInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ assets: await setAssetsLiked(ctx.app.db, ctx.viewer!.id, decodeAll(input.assetIds), input.liked) }),
  }),
  deleteAssets: t.field({
    type: DeleteAssetsPayload,
    description:
      "Deletes images: hidden from every list at once, restorable for a grace period, then their files are removed. An influencer's current base image is refused (Conflict).",
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError, NotFoundError, ConflictError] },
    args: { input: t.arg({ type: AssetIdsInput('DeleteAssetsInput', 'Images to delete.'), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await deleteAssets(ctx.app.db, ctx.viewer!.id, decodeAll(input.assetIds), ctx.app.env.ASSET_DELETE_GRACE_MS);
      return { assetIds: input.assetIds.map(String), restorableUntil: new Date(Date.now() + ctx.app.env.ASSET_DELETE_GRACE_MS) };
    },
  }),
  restoreAssets: t.field({
    type: AssetsPayload('RestoreAssetsPayload', 'The restored images.'),
    description: 'Undoes deleteAssets while the files are still there (NotFound for images that are not deleted, Conflict once purged).',
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError, NotFoundError, ConflictError] },
    args: { input: t.arg({ type: AssetIdsInput('RestoreAssetsInput', 'Deleted images to bring back.'), required: true }) },
    resolve: async (_root, { input }, ctx) => ({ assets: await restoreAssets(ctx.app.db, ctx.viewer!.id, decodeAll(input.assetIds)) }),
  }),
}));
