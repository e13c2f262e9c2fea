import { CreateInfluencerDoc, mia, SetBaseImageDoc } from '../api/generation-documents.js';
import type { TestApp } from './app.js';
import { executeOk } from './graphql.js';
import { realFace } from './images.js';
import { executeUpload } from './upload.js';

/** Creates an influencer with a synthetic base face through the API; returns its global id. */
export async function influencerWithFace(app: TestApp, token: string, overrides: Partial<typeof mia> & { nsfwEnabled?: boolean } = {}): Promise<string> {
  const created = await executeOk(app.yoga, CreateInfluencerDoc, { input: { ...mia, ...overrides } }, { token });
  if (created.createInfluencer.__typename !== 'CreateInfluencerPayload') throw new Error('create failed');
  const id = created.createInfluencer.influencer.id;
  const face = await realFace();
  const up = await executeUpload(
    app.yoga,
    SetBaseImageDoc,
    { input: { influencerId: id, image: null as unknown as File } },
    { 'input.image': { bytes: face, name: 'face.png', type: 'image/png' } },
    token,
  );
  if (up.data?.setBaseImage.__typename !== 'SetBaseImagePayload') throw new Error(`upload failed: ${JSON.stringify(up)}`);
  return id;
}
