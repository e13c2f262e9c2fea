import { createInfluencer } from '../../domain/influencers/create-influencer.js';
import { updateInfluencer } from '../../domain/influencers/update-influencer.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import type { Influencer as InfluencerRow } from '../../generated/prisma/client.js';
import { selectMode } from '../../domain/generation/mode.js';
import { builder } from '../builder.js';
import { FaceMode, Gender, InfluencerStyle, LoraStatus } from './enums.js';
import { decodeId, ownerId, tryDecode } from './ids.js';

export const Influencer = builder.prismaNode('Influencer', {
  description: 'An AI influencer: a recurring character with a fixed face.',
  id: { field: 'id', description: 'Global id of the influencer.' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, userId: ownerId(ctx) }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name.' }),
    style: t.field({ type: InfluencerStyle, description: 'Realistic photo or anime illustration.', resolve: (i) => i.style as 'realistic' | 'anime' }),
    gender: t.field({ type: Gender, description: 'Gender presentation.', resolve: (i) => i.gender as 'female' | 'male' }),
    age: t.exposeInt('age', { description: 'Apparent age (18+).' }),
    ethnicity: t.exposeString('ethnicity', { description: 'Ethnicity, as used in prompts.' }),
    hairColor: t.exposeString('hairColor', { description: 'Hair colour.' }),
    hairStyle: t.exposeString('hairStyle', { description: 'Hair style.' }),
    eyeColor: t.exposeString('eyeColor', { description: 'Eye colour.' }),
    bodyType: t.exposeString('bodyType', { description: 'Body type.' }),
    defaultOutfit: t.exposeString('defaultOutfit', { description: 'Outfit id worn unless a generation changes it.' }),
    nsfwEnabled: t.exposeBoolean('nsfwEnabled', { description: 'NSFW generations are allowed for this influencer.' }),
    loraStatus: t.expose('loraStatus', { type: LoraStatus, description: 'Progress of the character LoRA (HD mode).' }),
    loraError: t.exposeString('loraError', { nullable: true, description: 'Why the last LoRA attempt failed.' }),
    faceMode: t.field({
      type: FaceMode,
      description: 'Mode new generations of the default engine will use: LORA once a LoRA is ready (it keeps serving while a new one trains), else FACE_REF.',
      resolve: (i, _args, ctx) => selectMode(i, ctx.app.env.DEFAULT_ENGINE),
    }),
    hdModeUnlocked: t.boolean({
      description: 'True once the LoRA is ready: new generations use HD (LoRA) mode.',
      resolve: (i, _args, ctx) => selectMode(i, ctx.app.env.DEFAULT_ENGINE) === 'lora',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'Last change.' }),
  }),
});

builder.queryFields((t) => ({
  influencer: t.prismaField({
    type: 'Influencer',
    nullable: true,
    description: 'One of your influencers; null when it does not exist or is not yours.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, description: 'Global id.' }) },
    resolve: (query, _root, { id }, ctx) => {
      const dbId = tryDecode(String(id), 'Influencer');
      return dbId ? ctx.app.db.influencer.findFirst({ ...query, where: { id: dbId, userId: ctx.viewer!.id } }) : null;
    },
  }),
  influencers: t.prismaConnection({
    type: 'Influencer',
    cursor: 'id',
    description: 'Your influencers, newest first.',
    authScopes: { authenticated: true },
    maxSize: 100,
    defaultSize: 20,
    resolve: (query, _root, _args, ctx) =>
      ctx.app.db.influencer.findMany({
        ...query,
        where: { userId: ctx.viewer!.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));

const appearanceFields = (required: boolean) =>
  builder.inputType(required ? 'CreateInfluencerInput' : 'UpdateInfluencerInput', {
    description: required ? 'A new influencer.' : 'Fields to change; omitted fields stay as they are.',
    fields: (t) => ({
      ...(required ? {} : { id: t.id({ required: true, description: 'Global id of the influencer.' }) }),
      name: t.string({ required, description: 'Display name (1–80 characters).' }),
      style: t.field({ type: InfluencerStyle, required: false, description: 'Default REALISTIC.' }),
      gender: t.field({ type: Gender, required, description: 'Gender presentation.' }),
      age: t.int({ required, description: 'Apparent age, 18–90.' }),
      ethnicity: t.string({ required, description: 'e.g. "Latina", "East Asian".' }),
      hairColor: t.string({ required, description: 'e.g. "auburn".' }),
      hairStyle: t.string({ required, description: 'e.g. "long wavy".' }),
      eyeColor: t.string({ required, description: 'e.g. "green".' }),
      bodyType: t.string({ required, description: 'e.g. "athletic".' }),
      defaultOutfit: t.string({ required, description: 'Outfit id from presets.outfits (not NSFW-only).' }),
      nsfwEnabled: t.boolean({ required: false, description: 'Allow NSFW generations (default false).' }),
    }),
  });

const CreateInfluencerInput = appearanceFields(true);
const UpdateInfluencerInput = appearanceFields(false);

const InfluencerPayload = (name: string) =>
  builder.objectRef<{ influencer: InfluencerRow }>(name).implement({
    description: 'The influencer after the change.',
    fields: (t) => ({ influencer: t.field({ type: Influencer, description: 'The influencer.', resolve: (p) => p.influencer }) }),
  });

builder.mutationFields((t) => ({
  createInfluencer: t.field({
    type: InfluencerPayload('CreateInfluencerPayload'),
    description: 'Creates an influencer. Upload its base image next with setBaseImage.',
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError] },
    args: { input: t.arg({ type: CreateInfluencerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ influencer: await createInfluencer(ctx.app.db, ctx.viewer!.id, input) }),
  }),
  updateInfluencer: t.field({
    type: InfluencerPayload('UpdateInfluencerPayload'),
    description: "Changes an influencer's name, appearance, default outfit or NSFW flag.",
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: { input: t.arg({ type: UpdateInfluencerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, ...patch } = input as typeof input & { id: string };
      return { influencer: await updateInfluencer(ctx.app.db, ctx.viewer!.id, decodeId(id, 'Influencer'), patch) };
    },
  }),
}));
