import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { runPack, startPack } from '../helpers/packs.js';
import { influencerWithFace } from '../helpers/studio.js';
import { createUserWithToken } from '../helpers/users.js';

const Like = graphql(`
  mutation LibLike($input: SetAssetsLikedInput!) {
    setAssetsLiked(input: $input) {
      __typename
      ... on SetAssetsLikedPayload {
        assets {
          id
          liked
        }
      }
      ... on Error {
        code
      }
    }
  }
`);
const Delete = graphql(`
  mutation LibDelete($input: DeleteAssetsInput!) {
    deleteAssets(input: $input) {
      __typename
      ... on DeleteAssetsPayload {
        assetIds
        restorableUntil
      }
      ... on Error {
        code
        message
      }
    }
  }
`);
const Restore = graphql(`
  mutation LibRestore($input: RestoreAssetsInput!) {
    restoreAssets(input: $input) {
      __typename
      ... on RestoreAssetsPayload {
        assets {
          id
        }
      }
      ... on Error {
        code
      }
    }
  }
`);
const DeleteInfluencer = graphql(`
  mutation LibDeleteInfluencer($input: DeleteInfluencerInput!) {
    deleteInfluencer(input: $input) {
      __typename
      ... on DeleteInfluencerPayload {
        deletedInfluencerId
        deletedAssetCount
      }
      ... on Error {
        code
        message
      }
    }
  }
`);
const Gallery = graphql(`
  query LibGallery($filter: AssetFilter) {
    assets(filter: $filter, first: 100) {
      nodes {
        id
        liked
      }
    }
  }
`);
const One = graphql(`
  query LibOne($id: ID!) {
    asset(id: $id) {
      id
    }
    node(id: $id) {
      id
    }
  }
`);
const Pack = graphql(`
  query LibPack($id: ID!) {
    generationJob(id: $id) {
      images {
        asset {
          id
        }
      }
    }
  }
`);
const Lineage = graphql(`
  query LibLineage($id: ID!) {
    asset(id: $id) {
      derived {
        id
      }
    }
  }
`);
const History = graphql(`
  query LibHistory($id: ID!, $after: String) {
    influencer(id: $id) {
      assetCount
      packCount
      generationJobs(first: 2, after: $after) {
        edges {
          node {
            id
            scene
            status
            creditsCharged
            progress {
              total
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: true, env: { LOCAL_GPU_STEP_MS: '0', RATE_LIMIT_GENERATIONS_PER_MIN: '100', ASSET_DELETE_GRACE_MS: '600000' } });
});
afterAll(() => app?.close());

async function packAssets(token: string, influencerId: string, count = 3, scene = 'beach_day') {
  const { job } = await runPack(app, token, { influencerId, scene, environment: 'beach', count });
  return { jobId: job.id as string, assetIds: job.images.map((i) => i.asset!.id) };
}

describe('favourites', () => {
  it('stars a selection, filters the gallery by it, and refuses a list with a foreign id as a whole', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Liker', 100);
    const other = await createUserWithToken(app.services.db, 'Other', 100);
    const influencerId = await influencerWithFace(app, token);
    const { assetIds } = await packAssets(token, influencerId);
    const liked = await executeOk(app.yoga, Like, { input: { assetIds: assetIds.slice(0, 2), liked: true } }, { token });
    expect(liked.setAssetsLiked).toMatchObject({ __typename: 'SetAssetsLikedPayload', assets: [{ liked: true }, { liked: true }] });
    const favs = await executeOk(app.yoga, Gallery, { filter: { liked: true } }, { token });
    expect(favs.assets.nodes.map((n) => n.id).sort()).toEqual(assetIds.slice(0, 2).sort());

    const mixed = await executeOk(app.yoga, Like, { input: { assetIds: [assetIds[2]!, assetIds[0]!], liked: false } }, { token: other.token });
    expect(mixed.setAssetsLiked).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND' });
    expect((await executeOk(app.yoga, Gallery, { filter: { liked: true } }, { token })).assets.nodes).toHaveLength(2);
    const empty = await executeOk(app.yoga, Like, { input: { assetIds: [], liked: true } }, { token });
    expect(empty.setAssetsLiked).toMatchObject({ __typename: 'InvalidInput' });
  });
});

describe('soft delete', () => {
  it('hides deleted images from the gallery, asset(id), node(id), the pack and lineage lists; restore brings them back', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Deleter', 100);
    const influencerId = await influencerWithFace(app, token);
    const { jobId, assetIds } = await packAssets(token, influencerId);
    const [gone, kept] = assetIds;
    // An edit derived from the image that gets deleted: its lineage must stay readable.
    const source = await app.services.db.imageAsset.findUniqueOrThrow({ where: { id: Buffer.from(gone!, 'base64').toString().split(':')[1] } });
    const { id: _id, generationItemId: _g, ...copy } = source;
    const edit = await app.services.db.imageAsset.create({ data: { ...copy, metadata: undefined, faceBox: undefined, kind: 'edited', sourceAssetId: source.id } });
    const editGlobal = Buffer.from(`ImageAsset:${edit.id}`).toString('base64');

    const deleted = await executeOk(app.yoga, Delete, { input: { assetIds: [gone!] } }, { token });
    expect(deleted.deleteAssets).toMatchObject({ __typename: 'DeleteAssetsPayload', assetIds: [gone] });
    const gallery = (await executeOk(app.yoga, Gallery, {}, { token })).assets.nodes.map((n) => n.id);
    expect(gallery).not.toContain(gone);
    expect(gallery).toContain(kept);
    expect(await executeOk(app.yoga, One, { id: gone! }, { token })).toEqual({ asset: null, node: null });
    const pack = await executeOk(app.yoga, Pack, { id: jobId }, { token });
    expect(pack.generationJob!.images.map((i) => i.asset?.id ?? null)).toEqual([null, kept, assetIds[2]]);
    // The edit still names its source, marked deleted.
    const lineage = await app.yoga.fetch('http://studio.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `query($id: ID!) { asset(id: $id) { source { id deletedAt } } }`, variables: { id: editGlobal } }),
    });
    const body = (await lineage.json()) as { data: { asset: { source: { id: string; deletedAt: string | null } } } };
    expect(body.data.asset.source.id).toBe(gone);
    expect(body.data.asset.source.deletedAt).toBeTruthy();
    await executeOk(app.yoga, Delete, { input: { assetIds: [editGlobal] } }, { token });
    await executeOk(app.yoga, Restore, { input: { assetIds: [gone!] } }, { token });
    expect((await executeOk(app.yoga, Lineage, { id: gone! }, { token })).asset!.derived).toEqual([]); // the deleted edit is left out
    expect((await executeOk(app.yoga, One, { id: gone! }, { token })).asset).toEqual({ id: gone });

    // Twice deleting, restoring what is not deleted, the base image: typed errors, nothing changed.
    expect((await executeOk(app.yoga, Restore, { input: { assetIds: [kept!] } }, { token })).restoreAssets).toMatchObject({ code: 'NOT_FOUND' });
    const baseId = (await app.services.db.influencer.findFirstOrThrow({ where: { user: { displayName: 'Deleter' } } })).baseImageAssetId!;
    const base = await executeOk(app.yoga, Delete, { input: { assetIds: [kept!, Buffer.from(`ImageAsset:${baseId}`).toString('base64')] } }, { token });
    expect(base.deleteAssets).toMatchObject({ __typename: 'Conflict' });
    expect((await executeOk(app.yoga, One, { id: kept! }, { token })).asset).not.toBeNull();
  });

  it('removes the files once the grace period is over and then refuses to restore', async () => {
    const quick = await startTestApp({ worker: true, env: { LOCAL_GPU_STEP_MS: '0', ASSET_DELETE_GRACE_MS: '0' } });
    try {
      const { token } = await createUserWithToken(quick.services.db, 'Purger', 100);
      const influencerId = await influencerWithFace(quick, token);
      const { job } = await runPack(quick, token, { influencerId, scene: 'beach_day', environment: 'beach', count: 1 });
      const assetId = job.images[0]!.asset!.id;
      const row = await quick.services.db.imageAsset.findFirstOrThrow({
        where: { kind: 'generated', userId: (await quick.services.db.user.findFirstOrThrow({ where: { displayName: 'Purger' } })).id },
      });
      expect((await quick.services.storage.get(row.storageKey, { adult: false })).length).toBe(row.bytes);
      await executeOk(quick.yoga, Delete, { input: { assetIds: [assetId] } }, { token });
      await expect.poll(async () => (await quick.services.db.imageAsset.findUniqueOrThrow({ where: { id: row.id } })).purgedAt, { timeout: 20_000 }).not.toBeNull();
      await expect(quick.services.storage.get(row.storageKey, { adult: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(quick.services.storage.get(row.thumbnailKey, { adult: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await executeOk(quick.yoga, Restore, { input: { assetIds: [assetId] } }, { token })).restoreAssets).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await quick.close();
    }
  });
});

describe('influencers as a library', () => {
  it('lists pack history by cursor with settings, status and cost, and counts assets and packs', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Historian', 100);
    const influencerId = await influencerWithFace(app, token);
    await packAssets(token, influencerId, 1, 'beach_day');
    await packAssets(token, influencerId, 2, 'night_out');
    await packAssets(token, influencerId, 1, 'fashion_editorial');
    const first = await executeOk(app.yoga, History, { id: influencerId }, { token });
    const inf = first.influencer!;
    expect(inf.packCount).toBe(3);
    expect(inf.assetCount).toBe(5); // 4 generated + the base image
    expect(inf.generationJobs.edges.map((e) => e.node.scene)).toEqual(['fashion_editorial', 'night_out']);
    expect(inf.generationJobs.edges[1]!.node).toMatchObject({ status: 'COMPLETED', progress: { total: 2 } });
    expect(inf.generationJobs.edges[1]!.node.creditsCharged).toBeGreaterThan(0);
    const next = await executeOk(app.yoga, History, { id: influencerId, after: inf.generationJobs.pageInfo.endCursor }, { token });
    expect(next.influencer!.generationJobs.edges.map((e) => e.node.scene)).toEqual(['beach_day']);
    expect(next.influencer!.generationJobs.pageInfo.hasNextPage).toBe(false);
  });

  it('deletes an influencer with its images and files, but not while a pack runs', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Leaver', 100);
    const influencerId = await influencerWithFace(app, token);
    const { assetIds } = await packAssets(token, influencerId, 2);
    const keys = (await app.services.db.imageAsset.findMany({ where: { user: { displayName: 'Leaver' } } })).map((a) => a.storageKey);
    expect(keys).toHaveLength(3);

    app.localGpu!.configure('image', { stepMs: 200 });
    const running = await startPack(app, token, { influencerId, scene: 'beach_day', environment: 'beach', count: 1 });
    const refused = await executeOk(app.yoga, DeleteInfluencer, { input: { id: influencerId } }, { token });
    expect(refused.deleteInfluencer).toMatchObject({ __typename: 'Conflict' });
    app.localGpu!.configure('image', { stepMs: 0 });
    await expect
      .poll(async () => (await app.services.db.generationJob.findFirstOrThrow({ where: { id: Buffer.from(running.job.id, 'base64').toString().split(':')[1] } })).status, {
        timeout: 30_000,
      })
      .toBe('completed');

    const other = await createUserWithToken(app.services.db, 'Intruder', 100);
    expect((await executeOk(app.yoga, DeleteInfluencer, { input: { id: influencerId } }, { token: other.token })).deleteInfluencer).toMatchObject({ code: 'NOT_FOUND' });
    const done = await executeOk(app.yoga, DeleteInfluencer, { input: { id: influencerId } }, { token });
    expect(done.deleteInfluencer).toMatchObject({ __typename: 'DeleteInfluencerPayload', deletedInfluencerId: influencerId, deletedAssetCount: 4 });
    expect(await executeOk(app.yoga, One, { id: assetIds[0]! }, { token })).toEqual({ asset: null, node: null });
    for (const key of keys) await expect(app.services.storage.get(key, { adult: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
