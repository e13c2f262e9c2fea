import { setBaseImage } from '../../domain/influencers/set-base-image.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import type { Influencer as InfluencerRow } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { decodeId } from './ids.js';
import { Influencer } from './influencer.js';

builder.prismaObjectFields(Influencer, (t) => ({
  baseImage: t.relation('baseImage', { nullable: true, description: 'The reference face (kind BASE), once uploaded.' }),
}));

const SetBaseImageInput = builder.inputType('SetBaseImageInput', {
  description: "An influencer's reference photo (GraphQL multipart request).",
  fields: (t) => ({
    influencerId: t.id({ required: true, description: 'Global id of the influencer.' }),
    image: t.field({ type: 'Upload', required: true, description: 'PNG, JPEG or WebP; validated by decoding (size and pixel caps).' }),
  }),
});

const SetBaseImagePayload = builder.objectRef<{ influencer: InfluencerRow }>('SetBaseImagePayload').implement({
  description: 'The influencer with its new base image.',
  fields: (t) => ({ influencer: t.field({ type: Influencer, description: 'The influencer.', resolve: (p) => p.influencer }) }),
});

builder.mutationField('setBaseImage', (t) =>
  t.field({
    type: SetBaseImagePayload,
    description: "Uploads an influencer's base image: the reference face for face-reference mode.",
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: { input: t.arg({ type: SetBaseImageInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const file = input.image as File;
      if (file.size > ctx.app.env.UPLOAD_MAX_BYTES) {
        throw new InvalidInputError(`The image is larger than ${ctx.app.env.UPLOAD_MAX_BYTES} bytes.`, [{ path: ['image'], message: 'TOO_LARGE' }]);
      }
      const bytes = Buffer.from(await file.arrayBuffer());
      const influencer = await setBaseImage(
        { db: ctx.app.db, env: ctx.app.env, storage: ctx.app.storage, maxBytes: ctx.app.env.UPLOAD_MAX_BYTES, maxPixels: ctx.app.env.UPLOAD_MAX_PIXELS, faces: ctx.app.faces },
        ctx.viewer!.id,
        decodeId(String(input.influencerId), 'Influencer'),
        { bytes },
      );
      return { influencer };
    },
  }),
);
