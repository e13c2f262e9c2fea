import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { execute, executeOk } from '../helpers/graphql.js';
import { createUserWithToken } from '../helpers/users.js';
import { mia } from './generation-documents.js';

const JWT_SECRET = 'test-jwt-secret-with-enough-entropy-0123456789';

const CreateInfluencer = graphql(`
  mutation CreateInfluencer($input: CreateInfluencerInput!) {
    createInfluencer(input: $input) {
      __typename
      ... on CreateInfluencerPayload {
        influencer {
          id
          name
          age
          defaultOutfit
          nsfwEnabled
          style
          loraStatus
          faceMode
        }
      }
      ... on InvalidInput {
        message
        issues {
          path
          message
        }
      }
    }
  }
`);

const UpdateInfluencer = graphql(`
  mutation UpdateInfluencer($input: UpdateInfluencerInput!) {
    updateInfluencer(input: $input) {
      __typename
      ... on UpdateInfluencerPayload {
        influencer {
          id
          name
          hairColor
          defaultOutfit
          nsfwEnabled
          age
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`);

const ReadInfluencer = graphql(`
  query ReadInfluencer($id: ID!) {
    influencer(id: $id) {
      id
      name
    }
    node(id: $id) {
      id
      ... on Influencer {
        name
      }
    }
  }
`);

const ListInfluencers = graphql(`
  query ListInfluencers($first: Int, $after: String) {
    influencers(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

let app: TestApp;
let alice: { token: string };
let bob: { token: string };

beforeAll(async () => {
  app = await startTestApp({ env: { SUPABASE_JWT_SECRET: JWT_SECRET, SEED_DEMO_USER: 'false' } });
  alice = await createUserWithToken(app.services.db, 'Alice');
  bob = await createUserWithToken(app.services.db, 'Bob');
});
afterAll(() => app?.close());

async function create(token: string, input = mia) {
  const data = await executeOk(app.yoga, CreateInfluencer, { input }, { token });
  if (data.createInfluencer.__typename !== 'CreateInfluencerPayload') throw new Error(JSON.stringify(data));
  return data.createInfluencer.influencer;
}

describe('influencers', () => {
  it('creates, reads, lists and updates with an API token', async () => {
    const created = await create(alice.token);
    expect(created).toMatchObject({ name: 'Mia', age: 26, style: 'REALISTIC', nsfwEnabled: false, loraStatus: 'PENDING', faceMode: 'FACE_REF' });

    const read = await executeOk(app.yoga, ReadInfluencer, { id: created.id }, { token: alice.token });
    expect(read.influencer?.name).toBe('Mia');
    expect(read.node).toMatchObject({ id: created.id, name: 'Mia' });

    const updated = await executeOk(app.yoga, UpdateInfluencer, { input: { id: created.id, hairColor: 'platinum', nsfwEnabled: true } }, { token: alice.token });
    expect(updated.updateInfluencer).toMatchObject({ __typename: 'UpdateInfluencerPayload', influencer: { hairColor: 'platinum', nsfwEnabled: true, name: 'Mia', age: 26 } });

    const list = await executeOk(app.yoga, ListInfluencers, { first: 10 }, { token: alice.token });
    expect(list.influencers.edges.map((e) => e.node.id)).toContain(created.id);
  });

  it('paginates newest first with cursors', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Pager');
    const names = ['A', 'B', 'C', 'D', 'E'];
    for (const name of names) await create(token, { ...mia, name });
    const page1 = await executeOk(app.yoga, ListInfluencers, { first: 2 }, { token });
    expect(page1.influencers.edges.map((e) => e.node.name)).toEqual(['E', 'D']);
    expect(page1.influencers.pageInfo.hasNextPage).toBe(true);
    const page2 = await executeOk(app.yoga, ListInfluencers, { first: 3, after: page1.influencers.pageInfo.endCursor }, { token });
    expect(page2.influencers.edges.map((e) => e.node.name)).toEqual(['C', 'B', 'A']);
    expect(page2.influencers.pageInfo.hasNextPage).toBe(false);
  });

  it('returns typed InvalidInput errors and writes nothing', async () => {
    const before = await app.services.db.influencer.count();
    for (const input of [
      { ...mia, age: 15 },
      { ...mia, defaultOutfit: 'spacesuit' },
      { ...mia, defaultOutfit: 'lingerie' },
      { ...mia, name: '   ' },
      { ...mia, ethnicity: 'x'.repeat(5000) },
    ]) {
      const data = await executeOk(app.yoga, CreateInfluencer, { input }, { token: alice.token });
      expect(data.createInfluencer.__typename).toBe('InvalidInput');
      if (data.createInfluencer.__typename === 'InvalidInput') expect(data.createInfluencer.issues.length).toBeGreaterThan(0);
    }
    expect(await app.services.db.influencer.count()).toBe(before);
  });

  it("hides other users' influencers exactly like missing ones", async () => {
    const created = await create(alice.token);
    const asBob = await executeOk(app.yoga, ReadInfluencer, { id: created.id }, { token: bob.token });
    expect(asBob).toEqual({ influencer: null, node: null });

    const missing = created.id.replace(/.{4}$/, 'AAAA');
    const update = await executeOk(app.yoga, UpdateInfluencer, { input: { id: created.id, name: 'Hacked' } }, { token: bob.token });
    const updateMissing = await executeOk(app.yoga, UpdateInfluencer, { input: { id: missing, name: 'Hacked' } }, { token: bob.token });
    expect(update.updateInfluencer).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND' });
    expect(updateMissing.updateInfluencer.__typename).toBe('NotFound');

    const list = await executeOk(app.yoga, ListInfluencers, { first: 50 }, { token: bob.token });
    expect(list.influencers.edges.map((e) => e.node.id)).not.toContain(created.id);
    const stillAlice = await executeOk(app.yoga, ReadInfluencer, { id: created.id }, { token: alice.token });
    expect(stillAlice.influencer?.name).toBe('Mia');
  });

  it('accepts Supabase JWTs: a new subject becomes a user on first sight, and sees only its own', async () => {
    const sign = (sub: string) =>
      new SignJWT({ email: `${sub.slice(0, 4)}@example.com`, role: 'authenticated' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(JWT_SECRET));
    const carol = await sign('2b1f0f5e-8a51-4c1e-9a7c-0f3a4b5c6d7e');
    const dave = await sign('7c9e6679-7425-40de-944b-e07fc1f90ae7');
    const created = await create(carol);
    const asCarol = await executeOk(app.yoga, ReadInfluencer, { id: created.id }, { token: carol });
    expect(asCarol.influencer?.name).toBe('Mia');
    const asDave = await executeOk(app.yoga, ReadInfluencer, { id: created.id }, { token: dave });
    expect(asDave.influencer).toBeNull();

    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('2b1f0f5e-8a51-4c1e-9a7c-0f3a4b5c6d7e')
      .sign(new TextEncoder().encode('wrong-secret-wrong-secret-wrong-secret'));
    const result = await execute(app.yoga, ReadInfluencer, { id: created.id }, { token: forged });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects unauthenticated access to private fields with UNAUTHENTICATED, never a 500', async () => {
    const result = await execute(app.yoga, ListInfluencers, { first: 1 });
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
