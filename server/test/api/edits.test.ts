import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { growRadius } from '../../src/providers/imaging/index.js';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { runPack } from '../helpers/packs.js';
import { influencerWithFace } from '../helpers/studio.js';
import { collect, wsClient } from '../helpers/subscriptions.js';
import { executeUpload } from '../helpers/upload.js';
import { createUserWithToken } from '../helpers/users.js';

const EditDoc = graphql(`
  mutation EditImage($input: EditImageInput!) {
    editImage(input: $input) {
      __typename
      ... on EditImagePayload {
        created
        price
        edit {
          id
          status
          maskCoverage
          creditsReserved
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

const EditProgressDoc = graphql(`
  subscription EditProgress($editJobId: ID!) {
    editProgress(editJobId: $editJobId) {
      sequence
      snapshot
      status
      edit {
        id
        status
        error
        creditsCharged
        result {
          id
          kind
          url
          width
          height
          scene
          environment
          outfit
          aspectRatio
          quality
          prompt
          nsfw
          source {
            id
          }
          editJob {
            id
            prompt
          }
        }
      }
    }
  }
`);

const AssetEditsDoc = graphql(`
  query AssetEdits($id: ID!) {
    asset(id: $id) {
      id
      url
      edits {
        id
        status
        result {
          id
        }
      }
    }
  }
`);

const RetryEditDoc = graphql(`
  mutation RetryEdit($input: RetryEditInput!) {
    retryEdit(input: $input) {
      __typename
      ... on RetryEditPayload {
        edit {
          id
          status
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    worker: true,
    env: { STARTING_CREDITS: '1000', LOCAL_GPU_WORKERS: '4', LOCAL_GPU_STEP_MS: '2', GPU_RETRY_BACKOFF_MS: '50', GPU_MAX_ATTEMPTS: '2', RATE_LIMIT_GENERATIONS_PER_MIN: '50' },
  });
});
afterAll(() => app?.close());

const dbId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
const RECT = { left: 300, top: 500, width: 240, height: 440 }; // ≈ 10 % of 768×1360

async function rectMask(width: number, height: number, r = RECT): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#000' } })
    .composite([{ input: { create: { width: r.width, height: r.height, channels: 3, background: '#fff' } }, left: r.left, top: r.top }])
    .png()
    .toBuffer();
}

async function generatedImage(token: string) {
  const influencerId = await influencerWithFace(app, token);
  const { job } = await runPack(app, token, { influencerId, scene: 'beach_day', environment: 'beach', count: 1, aspectRatio: 'PORTRAIT_9_16' });
  return job.images[0]!.asset!;
}

function startEdit(token: string, assetId: string, mask: { bytes: Buffer; type?: string }, prompt = 'a red silk scarf') {
  return executeUpload(
    app.yoga,
    EditDoc,
    { input: { assetId, prompt, mask: null as unknown as File } },
    { 'input.mask': { bytes: mask.bytes, name: 'mask.png', type: mask.type ?? 'image/png' } },
    token,
  );
}

async function followEdit(token: string, editJobId: string) {
  const client = wsClient(app.url, token);
  try {
    return (await collect(client, EditProgressDoc, { editJobId }, (r) => ['COMPLETED', 'FAILED'].includes(r.data?.editProgress.status ?? ''), 60_000)).map(
      (r) => r.data!.editProgress,
    );
  } finally {
    await client.dispose();
  }
}

const ledgerOf = (userId: string) => app.services.db.creditLedgerEntry.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });

describe('inpaint edits', () => {
  it('a ~10 % mask on a 768×1360 image: a new EDITED asset with the source metadata; outside the grown mask every pixel is the source, inside it changed', async () => {
    const { token, user } = await createUserWithToken(app.services.db, 'Editor', 100);
    const source = await generatedImage(token);
    const sourceRow = await app.services.db.imageAsset.findUniqueOrThrow({ where: { id: dbId(source.id) } });
    const sourceBytes = await app.services.storage.get(sourceRow.storageKey, { adult: false });
    const before = (await ledgerOf(user.id)).length;

    const started = (await startEdit(token, source.id, { bytes: await rectMask(768, 1360) })).data!.editImage;
    if (started.__typename !== 'EditImagePayload') throw new Error(JSON.stringify(started));
    expect(started.edit.maskCoverage).toBeCloseTo((240 * 440) / (768 * 1360), 4);
    const events = await followEdit(token, started.edit.id);
    expect(events[0]!.snapshot).toBe(true);
    expect(events.map((e) => e.sequence)).toEqual([...events.map((e) => e.sequence)].sort((a, b) => a - b));
    const done = events.at(-1)!;
    expect(done.status).toBe('COMPLETED');
    const result = done.edit.result!;
    expect(result).toMatchObject({
      kind: 'EDITED',
      width: 768,
      height: 1360,
      scene: 'beach_day',
      environment: 'beach',
      outfit: sourceRow.outfit,
      aspectRatio: 'PORTRAIT_9_16',
      prompt: 'a red silk scarf',
      nsfw: false,
      source: { id: source.id },
      editJob: { id: started.edit.id, prompt: 'a red silk scarf' },
    });
    expect(done.edit.creditsCharged).toBe(started.price);

    // The source is unchanged, byte for byte.
    expect((await app.services.storage.get(sourceRow.storageKey, { adult: false })).equals(sourceBytes)).toBe(true);
    // Outside the grown mask: exact. Inside the mask: changed (the local GPU perturbs the outside too, so this is the composite's doing).
    const resultRow = await app.services.db.imageAsset.findUniqueOrThrow({ where: { id: dbId(result.id) } });
    const [a, b] = await Promise.all([
      sharp(sourceBytes).removeAlpha().raw().toBuffer(),
      sharp(await app.services.storage.get(resultRow.storageKey, { adult: false }))
        .removeAlpha()
        .raw()
        .toBuffer(),
    ]);
    const g = growRadius(768, 1360);
    let maxOutside = 0;
    let changedInside = 0;
    for (let y = 0; y < 1360; y++) {
      for (let x = 0; x < 768; x++) {
        const i = (y * 768 + x) * 3;
        const inside = x >= RECT.left && x < RECT.left + RECT.width && y >= RECT.top && y < RECT.top + RECT.height;
        const grown = x >= RECT.left - g && x < RECT.left + RECT.width + g && y >= RECT.top - g && y < RECT.top + RECT.height + g;
        const delta = Math.max(Math.abs(a[i]! - b[i]!), Math.abs(a[i + 1]! - b[i + 1]!), Math.abs(a[i + 2]! - b[i + 2]!));
        if (!grown) maxOutside = Math.max(maxOutside, delta);
        if (inside && delta > 0) changedInside++;
      }
    }
    expect(maxOutside).toBe(0);
    expect(changedInside).toBeGreaterThan(240 * 440 * 0.9);

    // Lineage both ways, and one reserve + no refund in the ledger.
    const asset = (await executeOk(app.yoga, AssetEditsDoc, { id: source.id }, { token })).asset!;
    expect(asset.edits).toEqual([{ id: started.edit.id, status: 'COMPLETED', result: { id: result.id } }]);
    const entries = (await ledgerOf(user.id)).slice(before);
    expect(entries.map((e) => [e.kind, e.amount])).toEqual([['reserve', -started.price]]);
  });

  it('bad masks are typed InvalidInput errors with no rows and no ledger entries; a foreign asset is not found; another user cannot subscribe', async () => {
    const { token, user } = await createUserWithToken(app.services.db, 'BadMasks', 100);
    const source = await generatedImage(token);
    const before = (await ledgerOf(user.id)).length;
    const bomb = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const ihdr = bomb.subarray(16, 29);
    ihdr.writeUInt32BE(60000, 0);
    ihdr.writeUInt32BE(60000, 4);
    const { crc32 } = await import('node:zlib');
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)) >>> 0, 29);
    const cases: Array<[string, { bytes: Buffer; type?: string }, RegExp]> = [
      [
        'all black',
        {
          bytes: await sharp({ create: { width: 768, height: 1360, channels: 3, background: '#000' } })
            .png()
            .toBuffer(),
        },
        /empty/i,
      ],
      ['wrong size', { bytes: await rectMask(512, 512, { left: 10, top: 10, width: 50, height: 50 }) }, /768×1360/],
      ['not an image', { bytes: Buffer.from('definitely not a png'), type: 'text/plain' }, /mask/i],
      ['60 000² bomb', { bytes: bomb }, /mask/i],
    ];
    for (const [name, mask, message] of cases) {
      const r = (await startEdit(token, source.id, mask)).data!.editImage;
      expect(r.__typename, name).toBe('InvalidInput');
      expect(r.__typename === 'InvalidInput' && r.message, name).toMatch(message);
    }
    const empty = (await startEdit(token, source.id, { bytes: await rectMask(768, 1360) }, '   ')).data!.editImage;
    expect(empty.__typename).toBe('InvalidInput');
    expect(await app.services.db.editJob.count({ where: { userId: user.id } })).toBe(0);
    expect((await ledgerOf(user.id)).length).toBe(before);

    const other = await createUserWithToken(app.services.db, 'Other', 100);
    const foreign = (await startEdit(other.token, source.id, { bytes: await rectMask(768, 1360) })).data!.editImage;
    expect(foreign.__typename).toBe('NotFound');

    const mine = (await startEdit(token, source.id, { bytes: await rectMask(768, 1360) })).data!.editImage;
    if (mine.__typename !== 'EditImagePayload') throw new Error(JSON.stringify(mine));
    const client = wsClient(app.url, other.token);
    const refused = await collect(client, EditProgressDoc, { editJobId: mine.edit.id }, () => true, 10_000).then(
      () => null,
      (e: unknown) => e,
    );
    expect(JSON.stringify(refused)).toMatch(/not found/i);
    await client.dispose();
    await followEdit(token, mine.edit.id);
  });

  it('a failed edit is refunded with a readable reason; retryEdit runs it again with the same prompt and mask and succeeds', async () => {
    const { token, user } = await createUserWithToken(app.services.db, 'Retry', 100);
    const source = await generatedImage(token);
    app.localGpu!.configure('image', { failures: [{ kind: 'permanent', when: { promptIncludes: 'golden necklace' }, times: 1 }] });
    const started = (await startEdit(token, source.id, { bytes: await rectMask(768, 1360) }, 'a golden necklace')).data!.editImage;
    if (started.__typename !== 'EditImagePayload') throw new Error(JSON.stringify(started));
    const failed = (await followEdit(token, started.edit.id)).at(-1)!;
    expect(failed.status).toBe('FAILED');
    expect(failed.edit.error).toMatch(/model|missing|not found|value_not_in_list/i);
    const entries = await app.services.db.creditLedgerEntry.findMany({ where: { userId: user.id, editJobId: dbId(started.edit.id) } });
    expect(entries.map((e) => [e.kind, e.amount]).sort()).toEqual([
      ['refund', started.price],
      ['reserve', -started.price],
    ]);
    const edit = await app.services.db.editJob.findUniqueOrThrow({ where: { id: dbId(started.edit.id) } });

    const retried = (await executeOk(app.yoga, RetryEditDoc, { input: { editJobId: started.edit.id } }, { token })).retryEdit;
    expect(retried).toMatchObject({ __typename: 'RetryEditPayload', edit: { status: 'QUEUED' } });
    const done = (await followEdit(token, started.edit.id)).at(-1)!;
    expect(done.status).toBe('COMPLETED');
    expect(done.edit.result!.editJob!.prompt).toBe('a golden necklace');
    const after = await app.services.db.editJob.findUniqueOrThrow({ where: { id: edit.id } });
    expect(after.maskKey).toBe(edit.maskKey);
    expect(after.round).toBe(1);
    const again = (await executeOk(app.yoga, RetryEditDoc, { input: { editJobId: started.edit.id } }, { token })).retryEdit;
    expect(again.__typename).toBe('Conflict');
    app.localGpu!.configure('image', { failures: [] });
  });
});
