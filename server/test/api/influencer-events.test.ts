import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../src/api/types/ids.js';
import { setLoraStatus } from '../../src/domain/influencers/set-lora-status.js';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { collect, wsClient } from '../helpers/subscriptions.js';
import { createUserWithToken } from '../helpers/users.js';
import { CreateInfluencerDoc, mia } from './generation-documents.js';

const AllInfluencerEventsDoc = graphql(`
  subscription AllInfluencerEvents {
    influencerEvents {
      __typename
      loraStatus
      influencer {
        id
        name
      }
    }
  }
`);

const OneInfluencerEventsDoc = graphql(`
  subscription OneInfluencerEvents($influencerId: ID!) {
    influencerEvents(influencerId: $influencerId) {
      __typename
    }
  }
`);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({});
});
afterAll(() => app?.close());

async function createInfluencer(token: string, name: string) {
  const created = await executeOk(app.yoga, CreateInfluencerDoc, { input: { ...mia, name } }, { token });
  if (created.createInfluencer.__typename !== 'CreateInfluencerPayload') throw new Error('create failed');
  return created.createInfluencer.influencer.id;
}

const unlock = (globalId: string) => {
  const id = decodeId(globalId, 'Influencer');
  return app.services.db.$transaction((tx) => setLoraStatus(tx, id, 'ready', { loraModelKey: `${id}.safetensors`, triggerWord: 'ohwx' }));
};

describe('influencerEvents without an influencer id', () => {
  it("delivers every influencer of the viewer, and never another user's", async () => {
    const a = await createUserWithToken(app.services.db, 'Ann', 0);
    const b = await createUserWithToken(app.services.db, 'Bob', 0);
    const first = await createInfluencer(a.token, 'Ada');
    const second = await createInfluencer(a.token, 'Alma');
    const bobs = await createInfluencer(b.token, 'Bea');
    const clientA = wsClient(app.url, a.token);
    const clientB = wsClient(app.url, b.token);
    try {
      const unlocked = (r: { data?: { influencerEvents: { __typename: string; influencer: { id: string } } } | null }, id: string) =>
        r.data?.influencerEvents.__typename === 'HdModeUnlocked' && r.data.influencerEvents.influencer.id === id;
      const eventsA = collect(clientA, AllInfluencerEventsDoc, {}, (r) => unlocked(r, second), 20_000);
      const eventsB = collect(clientB, AllInfluencerEventsDoc, {}, (r) => unlocked(r, bobs), 20_000);
      await new Promise((r) => setTimeout(r, 300)); // let the subscriptions register
      await unlock(first);
      await unlock(second);
      // Bob's own unlock ends his subscription: everything before it would be Ann's leaking.
      await unlock(bobs);
      const seenA = (await eventsA).map((r) => `${r.data!.influencerEvents.__typename}:${r.data!.influencerEvents.influencer.name}`);
      const seenB = (await eventsB).map((r) => `${r.data!.influencerEvents.__typename}:${r.data!.influencerEvents.influencer.name}`);
      expect(seenA).toEqual(['LoraStatusChanged:Ada', 'HdModeUnlocked:Ada', 'LoraStatusChanged:Alma', 'HdModeUnlocked:Alma']);
      expect(seenB).toEqual(['LoraStatusChanged:Bea', 'HdModeUnlocked:Bea']);
    } finally {
      await clientA.dispose();
      await clientB.dispose();
    }
  });

  it("still refuses another user's influencer by id", async () => {
    const a = await createUserWithToken(app.services.db, 'Cy', 0);
    const b = await createUserWithToken(app.services.db, 'Di', 0);
    const theirs = await createInfluencer(a.token, 'Cleo');
    const client = wsClient(app.url, b.token);
    try {
      const refused = await collect(client, OneInfluencerEventsDoc, { influencerId: theirs }, () => true, 10_000).catch((e: unknown) => e);
      expect(JSON.stringify(refused)).toContain('Influencer not found.');
    } finally {
      await client.dispose();
    }
  });
});
