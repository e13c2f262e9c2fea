import { getNamedType, isInputObjectType, isNonNullType, isListType, isUnionType, type GraphQLArgument, type GraphQLField, type GraphQLInputType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/api/schema.js';
import { GenerateDoc } from '../api/generation-documents.js';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { influencerWithFace } from '../helpers/studio.js';
import { realFace } from '../helpers/images.js';
import { wsClient } from '../helpers/subscriptions.js';
import { createUserWithToken } from '../helpers/users.js';

/**
 * Driven by the schema: every query, mutation and subscription field that takes an ID (directly
 * or inside its input) is called by Bob with each of Alice's IDs and must behave as not found.
 * A new field with an ID argument joins the sweep automatically.
 */
let app: TestApp;
let alice: { token: string };
let bob: { token: string };
const ids: Record<string, string> = {};

const CreateToken = graphql(`
  mutation SweepToken {
    createApiToken(input: { name: "alice" }) {
      ... on CreateApiTokenPayload {
        token {
          id
        }
      }
    }
  }
`);
const SweepJob = graphql(`
  query SweepJob($id: ID!) {
    generationJob(id: $id) {
      images {
        asset {
          id
        }
      }
    }
  }
`);

beforeAll(async () => {
  app = await startTestApp({ worker: true, env: { LOCAL_GPU_STEP_MS: '0' } });
  alice = await createUserWithToken(app.services.db, 'Alice', 100);
  bob = await createUserWithToken(app.services.db, 'Bob', 100);
  ids.Influencer = await influencerWithFace(app, alice.token);
  await influencerWithFace(app, bob.token); // Bob has data of his own too
  const started = await executeOk(
    app.yoga,
    GenerateDoc,
    { input: { influencerId: ids.Influencer, scene: 'professional_portrait', environment: 'studio', count: 1 } },
    { token: alice.token },
  );
  if (started.generateImages.__typename !== 'GenerateImagesPayload') throw new Error('generate failed');
  ids.GenerationJob = started.generateImages.job.id;
  for (let i = 0; i < 200; i++) {
    const job = await executeOk(app.yoga, SweepJob, { id: ids.GenerationJob }, { token: alice.token });
    const asset = job.generationJob?.images[0]?.asset?.id;
    if (asset) {
      ids.ImageAsset = asset;
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const token = await executeOk(app.yoga, CreateToken, undefined, { token: alice.token });
  ids.ApiToken = (token.createApiToken as { token: { id: string } }).token.id;
  const aliceUser = await app.services.db.user.findFirstOrThrow({ where: { displayName: 'Alice' } });
  ids.Viewer = Buffer.from(`Viewer:${aliceUser.id}`).toString('base64');
  png = await realFace(2, 256);
});
afterAll(() => app?.close());

/** A value for an input type: Alice's id for ID fields, minimal valid values for the rest. */
function valueFor(type: GraphQLInputType, name: string, foreignId: string): unknown {
  const named = getNamedType(type);
  if (isListType(isNonNullType(type) ? type.ofType : type)) return [valueFor(named as GraphQLInputType, name, foreignId)];
  if (named.name === 'ID') return foreignId;
  if (isInputObjectType(named)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(named.getFields())) {
      if (isNonNullType(f.type) || getNamedType(f.type).name === 'ID') out[f.name] = valueFor(f.type, f.name, foreignId);
    }
    return out;
  }
  if (named.name === 'Upload') return UPLOAD;
  const defaults: Record<string, unknown> = {
    String: name === 'scene' ? 'professional_portrait' : name === 'environment' ? 'studio' : name === 'name' ? 'studio_opened' : 'x',
    Int: 1,
    Boolean: false,
    Float: 1,
  };
  if (named.name in defaults) return defaults[named.name];
  if ('getValues' in named) return (named as unknown as { getValues(): readonly { name: string }[] }).getValues()[0]!.name;
  return null;
}

function takesId(args: readonly GraphQLArgument[]): boolean {
  const visit = (t: GraphQLInputType, seen = new Set<string>()): boolean => {
    const n = getNamedType(t);
    if (n.name === 'ID') return true;
    if (!isInputObjectType(n) || seen.has(n.name)) return false;
    seen.add(n.name);
    return Object.values(n.getFields()).some((f) => visit(f.type, seen));
  };
  return args.some((a) => visit(a.type));
}

function fieldsWithIds(kind: 'Query' | 'Mutation' | 'Subscription') {
  const type = kind === 'Query' ? schema.getQueryType() : kind === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return Object.values(type!.getFields()).filter((f) => takesId(f.args) && f.name !== 'nodes');
}

function operation(kind: string, field: GraphQLField<unknown, unknown>) {
  const varDefs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const op = kind.toLowerCase();
  return `${op} Sweep${varDefs ? `(${varDefs})` : ''} { result: ${field.name}${args ? `(${args})` : ''} { __typename ${isObjectLike(field) ? '... on Error { code }' : ''} } }`;
}

/** Result unions (payload | typed errors) get `... on Error { code }`; plain object types don't. */
const isObjectLike = (field: GraphQLField<unknown, unknown>) => isUnionType(getNamedType(field.type));

/** JSON, or a multipart request (with a real PNG) when the operation takes an Upload. */
async function send(query: string, variables: Record<string, unknown>) {
  const uploads = uploadPaths(variables);
  if (!uploads.length) {
    return fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bob.token}` },
      body: JSON.stringify({ query, variables }),
    });
  }
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables }));
  form.set('map', JSON.stringify(Object.fromEntries(uploads.map((p, i) => [String(i), [`variables.${p}`]]))));
  uploads.forEach((_, i) => form.set(String(i), new File([new Uint8Array(png)], 'face.png', { type: 'image/png' })));
  return fetch(`${app.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}`, 'x-graphql-yoga-csrf': '1' }, body: form });
}

const UPLOAD = Symbol('upload');
let png: Buffer;

function uploadPaths(value: unknown, prefix = ''): string[] {
  if (value === UPLOAD) return [prefix];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => uploadPaths(v, prefix ? `${prefix}.${k}` : k));
}

describe('tenant isolation sweep (schema-driven)', () => {
  it('covers the fields that take IDs', () => {
    const names = [...fieldsWithIds('Query'), ...fieldsWithIds('Mutation'), ...fieldsWithIds('Subscription')].map((f) => f.name);
    for (const expected of [
      'node',
      'influencer',
      'generationJob',
      'asset',
      'assets',
      'updateInfluencer',
      'setBaseImage',
      'generateImages',
      'cancelGeneration',
      'retryFailedImages',
      'revokeApiToken',
      'trackEvent',
      'generationProgress',
      'influencerEvents',
      'setAssetsLiked',
      'deleteAssets',
      'restoreAssets',
      'deleteInfluencer',
      'retrainLora',
      'upgradePackToHd',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it("queries and mutations with Alice's IDs behave as not found for Bob", async () => {
    const failures: string[] = [];
    for (const kind of ['Query', 'Mutation'] as const) {
      for (const field of fieldsWithIds(kind)) {
        for (const [typename, foreignId] of Object.entries(ids)) {
          const used = field.args.filter((a) => isNonNullType(a.type) || takesId([a]));
          const variables = Object.fromEntries(used.map((a) => [a.name, valueFor(a.type, a.name, foreignId)]));
          const res = await send(operation(kind, field), variables);
          const text = await res.text();
          const body = JSON.parse(text) as { data?: { result: unknown }; errors?: unknown[] };
          const result = body.data?.result as { __typename?: string; code?: string } | null | undefined;
          const notFound =
            result === null ||
            result?.code === 'NOT_FOUND' ||
            (field.name === 'assets' && text.includes('"__typename":"QueryAssetsConnection"')) ||
            // Alice's id where the field expects another type is simply not found (or an invalid input shape).
            result?.code === 'INVALID_INPUT';
          if (res.status >= 500 || !notFound) failures.push(`${kind}.${field.name} with ${typename}: ${res.status} ${text.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // Bob's gallery filtered by Alice's influencer is empty; Alice's data is untouched.
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bob.token}` },
      body: JSON.stringify({ query: `query($f: AssetFilter) { assets(filter: $f) { edges { node { id } } } }`, variables: { f: { influencerId: ids.Influencer } } }),
    });
    expect(((await res.json()) as { data: { assets: { edges: unknown[] } } }).data.assets.edges).toEqual([]);
    const job = await executeOk(app.yoga, SweepJob, { id: ids.GenerationJob! }, { token: alice.token });
    expect(job.generationJob?.images[0]?.asset?.id).toBe(ids.ImageAsset);
  });

  it("subscriptions to Alice's IDs are refused as not found", async () => {
    for (const field of fieldsWithIds('Subscription')) {
      for (const foreignId of Object.values(ids)) {
        const client = wsClient(app.url, bob.token);
        const variables = Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type, a.name, foreignId)]));
        const results: unknown[] = [];
        try {
          for await (const r of client.iterate({ query: operation('Subscription', field), variables })) {
            results.push(r);
            break;
          }
        } catch (e) {
          results.push({ thrown: e });
        }
        await client.dispose();
        expect(JSON.stringify(results), `${field.name}(${foreignId})`).toMatch(/NOT_FOUND|not found/);
      }
    }
  });
});
