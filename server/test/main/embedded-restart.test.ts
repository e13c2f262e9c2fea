import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/main/app.js';
import { graphql } from '../generated/index.js';
import { executeOk } from '../helpers/graphql.js';

const Create = graphql(`
  mutation RestartCreate($input: CreateInfluencerInput!) {
    createInfluencer(input: $input) {
      __typename
      ... on CreateInfluencerPayload {
        influencer {
          id
        }
      }
    }
  }
`);
const Read = graphql(`
  query RestartRead($id: ID!) {
    influencer(id: $id) {
      name
    }
    viewer {
      isDemo
    }
  }
`);

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('embedded defaults', () => {
  it('start with nothing configured (embedded PostgreSQL, demo user, dev token) and keep data across a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'studio-embedded-'));
    dirs.push(dataDir);
    const env = { DATABASE_URL: undefined, DATA_DIR: dataDir, PORT: '0', EMBEDDED_PG_PORT: String(56000 + Math.floor(Math.random() * 2000)), LOG_LEVEL: 'silent' };
    const first = await startApp({ env, worker: false });
    let id: string;
    try {
      expect(first.devToken).toMatch(/^cs_/);
      const created = await executeOk(
        first.yoga,
        Create,
        {
          input: {
            name: 'Persisted',
            gender: 'MALE',
            age: 30,
            ethnicity: 'Nordic',
            hairColor: 'blond',
            hairStyle: 'short',
            eyeColor: 'blue',
            bodyType: 'slim',
            defaultOutfit: 'denim_jacket',
          },
        },
        { token: first.devToken },
      );
      if (created.createInfluencer.__typename !== 'CreateInfluencerPayload') throw new Error('create failed');
      id = created.createInfluencer.influencer.id;
    } finally {
      await first.stop();
    }
    const second = await startApp({ env, worker: false });
    try {
      expect(second.devToken).toBe(first.devToken);
      const read = await executeOk(second.yoga, Read, { id }, { token: second.devToken });
      expect(read).toEqual({ influencer: { name: 'Persisted' }, viewer: { isDemo: true } });
    } finally {
      await second.stop();
    }
  });
});
