/**
 * Generates a pack with an API token and prints progress from the generationProgress
 * subscription (graphql-ws). Usage:
 *   STUDIO_TOKEN=cs_... tsx scripts/generate-pack.ts [--url http://localhost:4000] [--count 5]
 *     [--influencer <id>] [--scene beach_day] [--environment cafe] [--outfit summer_dress]
 * Without --influencer it uses your first influencer that has a base image, creating one (with a
 * sample photo) when there is none. Exits non-zero when the pack ends with no image.
 */
import { parseArgs } from 'node:util';
import { createClient } from 'graphql-ws';
import { portrait } from '@content-studio/local-gpu/portraits';
import WebSocket from 'ws';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.STUDIO_URL ?? 'http://localhost:4000' },
    count: { type: 'string', default: '5' },
    influencer: { type: 'string' },
    scene: { type: 'string', default: 'professional_portrait' },
    environment: { type: 'string', default: 'studio' },
    outfit: { type: 'string' },
    quality: { type: 'string', default: 'DRAFT' },
  },
});
const token = process.env.STUDIO_TOKEN;
if (!token) {
  console.error('Set STUDIO_TOKEN to an API token (pnpm start prints a dev token; or use createApiToken).');
  process.exit(2);
}
const base = args.url!.replace(/\/+$/, '');

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`);
  return body.data;
}

async function createInfluencerWithFace(): Promise<string> {
  const created = await gql<{ createInfluencer: { influencer?: { id: string }; message?: string } }>(
    `mutation($input: CreateInfluencerInput!) { createInfluencer(input: $input) { ... on CreateInfluencerPayload { influencer { id } } ... on Error { message } } }`,
    {
      input: {
        name: 'Script Demo',
        gender: 'FEMALE',
        age: 27,
        ethnicity: 'Mediterranean',
        hairColor: 'dark brown',
        hairStyle: 'long wavy',
        eyeColor: 'hazel',
        bodyType: 'athletic',
        defaultOutfit: 'white_tee_jeans',
      },
    },
  );
  const id = created.createInfluencer.influencer?.id;
  if (!id) throw new Error(created.createInfluencer.message);
  // A real photograph (base images must show one face): a portrait from face-api's demo photos.
  const face = await portrait(0);
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({
      query: `mutation($input: SetBaseImageInput!) { setBaseImage(input: $input) { __typename ... on Error { message } } }`,
      variables: { input: { influencerId: id, image: null } },
    }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.input.image'] }));
  form.set('0', new File([new Uint8Array(face)], 'face.png', { type: 'image/png' }));
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' }, body: form });
  const body = (await res.json()) as { data?: { setBaseImage: { __typename: string; message?: string } } };
  if (body.data?.setBaseImage.__typename !== 'SetBaseImagePayload') throw new Error(`setBaseImage: ${JSON.stringify(body)}`);
  console.log(`created influencer "Script Demo" (${id}) with a sample base face (a real photo from @vladmandic/face-api's demo)`);
  return id;
}

async function pickInfluencer(): Promise<string> {
  if (args.influencer) return args.influencer;
  const data = await gql<{ influencers: { nodes: { id: string; name: string; baseImage: { id: string } | null }[] } }>(
    `{ influencers(first: 50) { nodes { id name baseImage { id } } } }`,
  );
  return data.influencers.nodes.find((i) => i.baseImage)?.id ?? createInfluencerWithFace();
}

const influencerId = await pickInfluencer();
const started = await gql<{ generateImages: { __typename: string; message?: string; job?: { id: string }; creditsReserved?: number; mode?: string } }>(
  `mutation($input: GenerateImagesInput!) { generateImages(input: $input) { __typename ... on GenerateImagesPayload { job { id } creditsReserved mode } ... on Error { message } } }`,
  { input: { influencerId, scene: args.scene, environment: args.environment, outfit: args.outfit, quality: args.quality, count: Number(args.count) } },
);
const g = started.generateImages;
if (!g.job) {
  console.error(`${g.__typename}: ${g.message}`);
  process.exit(1);
}
console.log(`pack ${g.job.id}: ${args.count} images, ${g.creditsReserved} credits reserved, mode ${g.mode}`);

const client = createClient({ url: `${base.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` } });
let lastSequence = -1;
let ok = false;
for await (const result of client.iterate<{
  generationProgress: {
    __typename: string;
    sequence: number;
    job: { status: string; progress: { completed: number; failed: number; total: number } };
    image?: { index: number; error?: string | null; asset?: { url: string } | null };
    identityScore?: number | null;
    asset?: { identityStatus: string | null };
    reason?: string;
  };
}>({
  query: `subscription($jobId: ID!) { generationProgress(jobId: $jobId) { __typename sequence job { status progress { completed failed total } }
    ... on ImageCompleted { image { index asset { url } } } ... on ImageFailed { image { index error } }
    ... on ImageScored { image { index } identityScore asset { identityStatus } } ... on ImageRerendering { image { index } reason } } }`,
  variables: { jobId: g.job.id },
})) {
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  const e = result.data!.generationProgress;
  if (e.sequence <= lastSequence) continue;
  lastSequence = e.sequence;
  const p = e.job.progress;
  const identity = e.asset ? ` identity ${e.identityScore ?? e.asset.identityStatus}` : e.reason ? ` re-rendering: ${e.reason}` : '';
  const detail = e.image ? ` image ${e.image.index}${e.image.asset ? ` ${e.image.asset.url}` : ''}${e.image.error ? ` error: ${e.image.error}` : ''}${identity}` : '';
  console.log(`[${e.sequence}] ${e.__typename}: ${p.completed} of ${p.total} done${p.failed ? `, ${p.failed} failed` : ''}${detail}`);
  if (e.__typename === 'JobCompleted' || e.__typename === 'JobFailed') {
    ok = e.__typename === 'JobCompleted';
    console.log(`pack ${e.job.status.toLowerCase()}`);
    break;
  }
}
await client.dispose();
process.exit(ok ? 0 : 1);
