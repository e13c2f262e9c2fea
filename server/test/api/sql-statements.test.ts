import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { createUserWithToken } from '../helpers/users.js';
import { CreateInfluencerDoc, mia } from './generation-documents.js';

const Gallery = graphql(`
  query StatementsGallery($first: Int) {
    assets(first: $first) {
      edges {
        node {
          id
          url
          thumbnailUrl
          influencer {
            name
          }
          source {
            id
            thumbnailUrl
          }
          derived {
            id
          }
        }
      }
    }
    influencers(first: $first) {
      edges {
        node {
          id
          name
          baseImage {
            thumbnailUrl
          }
        }
      }
    }
  }
`);

let app: TestApp;
let token: string;
let statements = 0;
beforeAll(async () => {
  app = await startTestApp();
  ({ token } = await createUserWithToken(app.services.db, 'Lister', 100));
  const created = await executeOk(app.yoga, CreateInfluencerDoc, { input: mia }, { token });
  const influencerId = Buffer.from((created.createInfluencer as { influencer: { id: string } }).influencer.id, 'base64')
    .toString()
    .split(':')[1]!;
  const user = await app.services.db.user.findFirstOrThrow({ where: { displayName: 'Lister' } });
  const base = { userId: user.id, influencerId, kind: 'generated' as const, storageBucket: 'assets', mimeType: 'image/png', width: 8, height: 8, bytes: 1 };
  let previous: string | null = null;
  for (let i = 0; i < 60; i++) {
    const asset: { id: string } = await app.services.db.imageAsset.create({
      data: { ...base, storageKey: `${user.id}/${influencerId}/a${i}.png`, thumbnailKey: `${user.id}/${influencerId}/a${i}.thumb.webp`, sourceAssetId: previous },
    });
    previous = asset.id;
  }
  const pool = app.services.database.pool;
  const original = pool.query.bind(pool);
  pool.query = ((...args: Parameters<typeof original>) => {
    statements++;
    return original(...args);
  }) as typeof pool.query;
});
afterAll(() => app?.close());

async function count(first: number) {
  await executeOk(app.yoga, Gallery, { first }, { token }); // warm (token last-used write)
  const before = statements;
  const data = await executeOk(app.yoga, Gallery, { first }, { token });
  expect(data.assets.edges).toHaveLength(first);
  return statements - before;
}

describe('list queries', () => {
  it('cost the same number of SQL statements for 5 and 50 items (relations are batched, no N+1)', async () => {
    const small = await count(5);
    const large = await count(50);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(8);
  });
});
