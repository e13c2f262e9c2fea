import { getNamedType, isLeafType, isObjectType, parse, type GraphQLObjectType } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/api/schema.js';
import { decodeId } from '../../src/api/types/ids.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { createInfluencer } from '../helpers/lora.js';
import { createUserWithToken } from '../helpers/users.js';

// ImageAsset is a Pothos type in select mode: a query loads only the columns its fields declare.
// A field whose resolver reads a column it does not declare works beside other fields (they
// loaded it) and breaks alone. So each field is asked for alone and must equal its value in a
// query that asks for every field, on an asset with every column filled.

const assetType = schema.getType('ImageAsset') as GraphQLObjectType;
const selectionOf = (name: string) => {
  const type = getNamedType(assetType.getFields()[name]!.type);
  if (isLeafType(type)) return name;
  if (isObjectType(type)) {
    const leaves = Object.values(type.getFields()).filter((f) => isLeafType(getNamedType(f.type)) && f.args.length === 0);
    return `${name} { ${leaves.map((f) => f.name).join(' ')} }`;
  }
  return `${name} { __typename }`;
};
const fieldNames = Object.values(assetType.getFields())
  .filter((f) => f.args.every((a) => !a.type.toString().endsWith('!')))
  .map((f) => f.name);

// Signed URLs carry their expiry second: compare what they point at.
const normalise = (v: unknown): unknown =>
  typeof v === 'string' && /[?&]sig=/.test(v)
    ? v.replace(/\?.*$/, '')
    : Array.isArray(v)
      ? v.map(normalise)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]))
        : v;

let app: TestApp;
let token: string;
let assetId: string;
beforeAll(async () => {
  app = await startTestApp();
  const created = await createUserWithToken(app.services.db, 'Fields', 100);
  ({ token } = created);
  const { user } = created;
  const influencerId = decodeId(await createInfluencer(app, token, 'Mia'), 'Influencer');
  const key = (name: string) => `${user.id}/${influencerId}/${name}`;
  const common = { userId: user.id, influencerId, storageBucket: 'assets', mimeType: 'image/png', width: 1024, height: 1024, bytes: 1234 };
  const source = await app.services.db.imageAsset.create({ data: { ...common, kind: 'generated', storageKey: key('s.png'), thumbnailKey: key('s.thumb.webp') } });
  const asset = await app.services.db.imageAsset.create({
    data: {
      ...common,
      kind: 'edited',
      storageKey: key('a.png'),
      thumbnailKey: key('a.thumb.webp'),
      nsfw: false,
      scene: 'beach_day',
      environment: 'beach',
      outfit: 'bikini',
      aspectRatio: '1:1',
      quality: 'hq',
      prompt: 'a portrait',
      seed: 123456789n,
      mode: 'lora',
      engine: 'flux_dev',
      metadata: { steps: 20, loraModelKey: 'loras/mia.safetensors', triggerWord: 'ohwx mia' },
      identityScore: 0.82,
      identityStatus: 'matched',
      identityDistance: 0.31,
      faceBox: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 },
      liked: true,
      sourceAssetId: source.id,
    },
  });
  await app.services.db.imageAsset.create({ data: { ...common, kind: 'edited', storageKey: key('d.png'), thumbnailKey: key('d.thumb.webp'), sourceAssetId: asset.id } });
  assetId = Buffer.from(`ImageAsset:${asset.id}`).toString('base64');
});
afterAll(() => app?.close());

const ask = async (selection: string) => {
  const doc = parse(`query($id: ID!) { asset(id: $id) { ${selection} } }`) as TypedDocumentNode<{ asset: Record<string, unknown> }, { id: string }>;
  return normalise((await executeOk(app.yoga, doc, { id: assetId }, { token })).asset) as Record<string, unknown>;
};

describe('ImageAsset fields (select mode)', () => {
  it('each field asked for alone equals its value in a query for every field', async () => {
    expect(fieldNames.length).toBeGreaterThan(30);
    const all = await ask(fieldNames.map(selectionOf).join('\n'));
    // the asset really has its columns filled (a field that is null everywhere proves nothing)
    for (const name of ['url', 'thumbnailUrl', 'seed', 'aspectRatio', 'faceBox', 'loraUsed', 'prompt', 'identityScore', 'source', 'derived']) {
      expect(all[name], name).not.toBeNull();
    }
    for (const name of fieldNames) expect({ [name]: (await ask(selectionOf(name)))[name] }).toEqual({ [name]: all[name] });
  });

  it('a gallery page reads only the columns its fields need', async () => {
    const columns: string[] = [];
    const pool = app.services.database.pool;
    const original = pool.query.bind(pool);
    pool.query = ((...args: Parameters<typeof original>) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
      if (/FROM "public"."ImageAsset"/.test(text)) columns.push(text);
      return original(...args);
    }) as typeof pool.query;
    try {
      const doc = parse(`{ assets(first: 10) { edges { node { id thumbnailUrl } } } }`) as TypedDocumentNode<{ assets: unknown }, Record<string, never>>;
      await executeOk(app.yoga, doc, {}, { token });
    } finally {
      pool.query = original;
    }
    expect(columns.length).toBeGreaterThan(0);
    expect(columns[0]).toContain('"thumbnailKey"');
    expect(columns[0]).not.toContain('"prompt"');
    expect(columns[0]).not.toContain('"faceDescriptor"');
  });
});
