import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesLoaded, launchBrowser, openPage, screenshot } from './harness/browser';
import { sampleFace } from './harness/face';
import { repoRoot } from './harness/paths';
import { freePort, StudioServer } from './harness/server';

// sharp comes with the server; here it reads back the mask the server stored.
const require = createRequire(path.join(repoRoot, 'server', 'package.json'));
const sharp = require('sharp') as (input: Buffer) => { metadata(): Promise<{ width?: number; height?: number }> };

let server: StudioServer;
let browser: Browser;
let gpuPort: number;
let sourceId: string;
let sourceSize: { width: number; height: number };

const CreateDoc = `mutation($input: CreateInfluencerInput!) { createInfluencer(input: $input) { ... on CreateInfluencerPayload { influencer { id } } } }`;
const BaseDoc = `mutation($input: SetBaseImageInput!) { setBaseImage(input: $input) { __typename } }`;
const GenerateDoc = `mutation($input: GenerateImagesInput!) { generateImages(input: $input) { ... on GenerateImagesPayload { job { id } } ... on Error { message } } }`;
const JobDoc = `query($id: ID!) { generationJob(id: $id) { status images { asset { id width height } } } }`;
const EditsDoc = `query($id: ID!) { asset(id: $id) { edits { id status prompt maskCoverage maskUrl error creditsCharged result { id kind source { id } } } } }`;

interface EditRow {
  id: string;
  status: string;
  prompt: string;
  maskCoverage: number;
  maskUrl: string;
  error: string | null;
  creditsCharged: number;
  result: { id: string; kind: string; source: { id: string } } | null;
}

beforeAll(async () => {
  gpuPort = await freePort();
  server = await StudioServer.create('editor', { LOCAL_GPU_PORT: String(gpuPort) });
  await server.start();
  browser = await launchBrowser();
  const created = await server.graphql<{ createInfluencer: { influencer: { id: string } } }>(CreateDoc, {
    input: {
      name: 'Ines Duarte',
      gender: 'FEMALE',
      age: 29,
      ethnicity: 'Iberian',
      hairColor: 'dark brown',
      hairStyle: 'bob',
      eyeColor: 'brown',
      bodyType: 'slim',
      defaultOutfit: 'white_tee_jeans',
    },
  });
  const influencerId = created.createInfluencer.influencer.id;
  await server.upload(BaseDoc, { input: { influencerId, image: null } }, 'input.image', { bytes: await sampleFace(5), name: 'ines.png', type: 'image/png' });
  const started = await server.graphql<{ generateImages: { job: { id: string } } }>(GenerateDoc, { input: { influencerId, scene: 'cozy_home', environment: 'cafe', count: 1 } });
  for (const deadline = Date.now() + 90_000; ;) {
    const { generationJob } = await server.graphql<{ generationJob: { status: string; images: { asset: { id: string; width: number; height: number } | null }[] } }>(JobDoc, {
      id: started.generateImages.job.id,
    });
    if (generationJob.status === 'COMPLETED') {
      const asset = generationJob.images[0]!.asset!;
      sourceId = asset.id;
      sourceSize = { width: asset.width, height: asset.height };
      break;
    }
    if (Date.now() > deadline || ['FAILED', 'PARTIAL', 'CANCELLED'].includes(generationJob.status)) throw new Error(`pack ended ${generationJob.status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const editor = (page: Page) => page.getByRole('dialog', { name: 'Edit image' });
const coverage = async (page: Page) => Number(((await page.getByTestId('mask-coverage').textContent()) ?? '').match(/([\d.]+) %/)?.[1] ?? 0);

/** A stroke with the mouse, in fractions of the displayed mask. */
async function paint(page: Page, from: [number, number], to: [number, number]) {
  const box = (await page.getByTestId('mask-canvas').boundingBox())!;
  const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps: 12 });
  await page.mouse.up();
}

/** Records every distinct edit status the editor shows, from now on. */
async function watchStatus(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __editStatus: string[] };
    w.__editStatus = [];
    const read = () => {
      const t = document.querySelector('[data-testid=edit-status]')?.textContent?.trim();
      if (t && w.__editStatus[w.__editStatus.length - 1] !== t) w.__editStatus.push(t);
    };
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const statusSeen = (page: Page) => page.evaluate(() => (window as unknown as { __editStatus: string[] }).__editStatus);

async function editsOfSource(): Promise<EditRow[]> {
  return (await server.graphql<{ asset: { edits: EditRow[] } }>(EditsDoc, { id: sourceId })).asset.edits;
}

describe('inpainting edits in the studio', () => {
  it('paints a mask, undoes a stroke, keeps the draft across closing, applies it live, and follows lineage both ways', async () => {
    const { context, page, errors } = await openPage(browser);
    const tracked: string[] = [];
    page.on('request', (r) => {
      const body = r.postData();
      if (r.url().endsWith('/graphql') && body?.includes('TrackEvent')) tracked.push(body);
    });
    await page.goto(`${server.url}/gallery/${encodeURIComponent(sourceId)}`);
    await page.getByTestId('asset-metadata').waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await editor(page).waitFor();
    await expect.poll(() => imagesLoaded(page, '.mask-stage')).toBe(1);
    await expect.poll(() => tracked.some((b) => b.includes('image_edit_opened'))).toBe(true);
    expect(await page.getByTestId('negative-prompt-note').textContent()).toMatch(/no effect.*cfg 1/);
    expect(await page.getByTestId('edit-cost').textContent()).toMatch(/^Costs \d+ credits/);
    expect(await editor(page).getByRole('button', { name: 'Apply edit' }).isDisabled()).toBe(true);

    // Two strokes; undo takes the second away exactly (Ctrl-Z), redo brings it back, undo again.
    await paint(page, [0.35, 0.55], [0.65, 0.55]);
    const one = await coverage(page);
    expect(one).toBeGreaterThan(0.5);
    await page.keyboard.press('BracketRight');
    expect(Number(await page.getByTestId('brush-size').textContent())).toBe(64);
    await paint(page, [0.2, 0.8], [0.8, 0.85]);
    const two = await coverage(page);
    expect(two).toBeGreaterThan(one);
    await page.keyboard.press('Control+z');
    await expect.poll(() => coverage(page)).toBe(one);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => coverage(page)).toBe(two);
    await page.keyboard.press('Control+z');
    await expect.poll(() => coverage(page)).toBe(one);
    await page.keyboard.press('e');
    expect(await page.getByRole('button', { name: /Eraser/ }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('b');

    await editor(page).getByLabel('Describe the change').fill('a silk scarf around the neck');
    // Esc closes the editor (not the asset page); the mask and the prompt are there when it reopens.
    await page.keyboard.press('Escape');
    await editor(page).waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/gallery/${encodeURIComponent(sourceId)}`);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await expect.poll(() => coverage(page)).toBe(one);
    expect(await editor(page).getByLabel('Describe the change').inputValue()).toBe('a silk scarf around the neck');
    await expect.poll(() => imagesLoaded(page, '.mask-stage')).toBe(1);
    await screenshot(page, 'editor.png');

    await watchStatus(page);
    await editor(page).getByRole('button', { name: 'Apply edit' }).click();
    await editor(page).getByTestId('before-after').waitFor({ timeout: 60_000 });
    const seen = await statusSeen(page);
    expect(seen[seen.length - 1]).toBe('Done');
    expect(seen.length).toBeGreaterThan(1); // progress was shown live before the result
    await expect.poll(() => imagesLoaded(page, '.before-after')).toBe(2);
    await screenshot(page, 'editor-result.png');

    // The server got the mask at the source's pixel size, covering what the studio showed.
    const [edit] = await editsOfSource();
    expect(edit).toMatchObject({ status: 'COMPLETED', prompt: 'a silk scarf around the neck', result: { kind: 'EDITED', source: { id: sourceId } } });
    expect(edit!.maskCoverage * 100).toBeCloseTo(one, 0);
    const maskPng = Buffer.from(await (await fetch(new URL(edit!.maskUrl, server.url))).arrayBuffer());
    expect(await sharp(maskPng).metadata()).toMatchObject(sourceSize);

    // Lineage both ways: the result names its source, the source lists the result as derived.
    const resultId = edit!.result!.id;
    await editor(page).getByRole('link', { name: 'Open the edited image' }).click();
    await editor(page).waitFor({ state: 'detached' });
    await expect.poll(() => decodeURIComponent(new URL(page.url()).pathname)).toBe(`/gallery/${resultId}`);
    await page
      .locator('.lineage')
      .getByRole('link', { name: /Source/ })
      .click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).pathname)).toBe(`/gallery/${sourceId}`);
    await page
      .locator('.lineage')
      .getByRole('link', { name: /Derived 1/ })
      .click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).pathname)).toBe(`/gallery/${resultId}`);

    // And it is in the gallery, marked Edited.
    await page.goto(`${server.url}/gallery`);
    await expect.poll(() => page.locator('.asset-tile').count()).toBe(3); // the base image, the pack's image, the edit
    expect(await page.locator('.asset-tile__kind', { hasText: 'Edited' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a failed edit in words and retries it with the same prompt and mask', async () => {
    const configure = (failures: unknown[]) =>
      fetch(`http://127.0.0.1:${gpuPort}/_local/config/image`, {
        method: 'POST',
        headers: { authorization: 'Bearer local-gpu-key', 'content-type': 'application/json' },
        body: JSON.stringify({ failures }),
      }).then((r) => expect(r.status).toBe(200));
    await configure([{ kind: 'permanent', when: { promptIncludes: 'necklace' }, times: 1 }]);
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/gallery/${encodeURIComponent(sourceId)}`);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await editor(page).waitFor();
    await editor(page).getByRole('button', { name: 'Apply edit' }).waitFor(); // a fresh tab: no draft
    await paint(page, [0.4, 0.62], [0.6, 0.62]);
    const painted = await coverage(page);
    await editor(page).getByLabel('Describe the change').fill('a thin golden necklace');
    await editor(page).getByRole('button', { name: 'Apply edit' }).click();
    await editor(page).getByRole('alert').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('edit-status').textContent()).toBe('The edit failed');
    expect((await page.getByTestId('edit-error').textContent())?.length).toBeGreaterThan(10);
    expect(await editor(page).getByLabel('Describe the change').inputValue()).toBe('a thin golden necklace');
    expect(await coverage(page)).toBe(painted);
    await screenshot(page, 'editor-failed.png');

    await editor(page).getByRole('button', { name: 'Retry' }).click();
    await editor(page).getByTestId('before-after').waitFor({ timeout: 60_000 });
    const [latest] = await editsOfSource();
    expect(latest).toMatchObject({ status: 'COMPLETED', prompt: 'a thin golden necklace', error: null });
    expect(latest!.creditsCharged).toBeGreaterThan(0);
    expect(latest!.maskCoverage * 100).toBeCloseTo(painted, 0);
    await configure([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
