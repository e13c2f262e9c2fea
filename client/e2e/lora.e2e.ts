import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesLoaded, launchBrowser, openPage, screenshot } from './harness/browser';
import { sampleFace } from './harness/face';
import { StudioServer } from './harness/server';

let server: StudioServer;
let browser: Browser;

// The whole LoRA pipeline, kept short: 10 training steps of 0.8 s, the trainer's progress read every 0.2 s.
beforeAll(async () => {
  server = await StudioServer.create('lora', {
    LORA_PIPELINE: 'on',
    LORA_TRAINING_STEPS: '10',
    LOCAL_GPU_TRAINING_STEP_MS: '800',
    LORA_PROGRESS_POLL_MS: '200',
    LOCAL_GPU_WORKERS: '2',
  });
  await server.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const CreateDoc = `mutation($input: CreateInfluencerInput!) { createInfluencer(input: $input) { ... on CreateInfluencerPayload { influencer { id } } } }`;
const GenerateDoc = `mutation($input: GenerateImagesInput!) { generateImages(input: $input) { ... on GenerateImagesPayload { job { id mode } } ... on Error { message } } }`;
const PackDoc = `query($id: ID!) { generationJob(id: $id) { status mode loraUsed { modelKey } upgradedFrom { id } images { index asset { seed source { id } } } } }`;

/** Records, in the page, what the pipeline panel showed over time (the page is never reloaded, so this survives navigation). */
async function watchPipeline(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __pipeline: { shots: number[]; steps: string[]; etas: string[]; toastPath: string | null } };
    w.__pipeline = { shots: [], steps: [], etas: [], toastPath: null };
    const read = () => {
      const shots = document.querySelectorAll('[data-testid=sheet-shot][data-status=completed] .identity-chip').length;
      if (document.querySelector('[data-testid=lora-pipeline]') && w.__pipeline.shots.at(-1) !== shots) w.__pipeline.shots.push(shots);
      const step = document.querySelector('[data-testid=lora-training-steps]')?.textContent?.trim();
      if (step && w.__pipeline.steps.at(-1) !== step) w.__pipeline.steps.push(step);
      const eta = document.querySelector('[data-testid=lora-eta]')?.textContent?.trim();
      if (eta && !w.__pipeline.etas.includes(eta)) w.__pipeline.etas.push(eta);
      if (!w.__pipeline.toastPath && document.querySelector('.toast')?.textContent?.includes('HD mode unlocked')) w.__pipeline.toastPath = location.pathname;
    };
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
    read();
  });
}

const seen = (page: Page) => page.evaluate(() => (window as unknown as { __pipeline: { shots: number[]; steps: string[]; etas: string[]; toastPath: string | null } }).__pipeline);

async function packDone(id: string) {
  for (const deadline = Date.now() + 120_000; ;) {
    const { generationJob } = await server.graphql<{
      generationJob: {
        status: string;
        mode: string;
        loraUsed: { modelKey: string } | null;
        upgradedFrom: { id: string } | null;
        images: { index: number; asset: { seed: string; source: { id: string } | null } | null }[];
      };
    }>(PackDoc, { id });
    if (generationJob.status === 'COMPLETED') return generationJob;
    if (Date.now() > deadline || ['FAILED', 'PARTIAL', 'CANCELLED'].includes(generationJob.status)) throw new Error(`pack ended ${generationJob.status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('HD mode in the studio', () => {
  it('shows the sheet and the training live on the profile, toasts HD on another route, badges the studio, generates in HD and upgrades an older pack', async () => {
    const created = await server.graphql<{ createInfluencer: { influencer: { id: string } } }>(CreateDoc, {
      input: {
        name: 'Lena Frost',
        gender: 'FEMALE',
        age: 27,
        ethnicity: 'Nordic',
        hairColor: 'platinum blonde',
        hairStyle: 'straight',
        eyeColor: 'blue',
        bodyType: 'slim',
        defaultOutfit: 'white_tee_jeans',
      },
    });
    const influencerId = created.createInfluencer.influencer.id;
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/influencers/${encodeURIComponent(influencerId)}`);
    await page.getByRole('heading', { name: 'Lena Frost', level: 1 }).waitFor();
    await page.locator('[data-testid=lora-pipeline][data-status=PENDING]').waitFor();
    await watchPipeline(page);

    // The photo, from the profile: the sheet starts on its own.
    await page.getByLabel('Base image (face photo)', { exact: true }).setInputFiles({ name: 'lena.png', mimeType: 'image/png', buffer: await sampleFace(3) });
    await page.getByRole('button', { name: 'Save base image' }).click();
    await page.locator('[data-testid=lora-pipeline][data-status=GENERATING_SHEETS]').waitFor();
    expect(await page.locator('[data-step=sheet]').getAttribute('data-state')).toBe('current');

    // A pack made now is a face-reference pack (the LoRA is not ready): the one upgraded later.
    const older = await server.graphql<{ generateImages: { job: { id: string; mode: string } } }>(GenerateDoc, {
      input: { influencerId, scene: 'professional_portrait', environment: 'studio', count: 1 },
    });
    expect(older.generateImages.job.mode).toBe('FACE_REF');

    // Sheet shots appear one by one with their scores, then the training runs with its steps and ETA.
    await page.locator('[data-testid=lora-training]').waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-step=sheet]').getAttribute('data-state')).toBe('done');
    expect(await page.locator('[data-step=training]').getAttribute('data-state')).toBe('current');
    expect(await page.locator('[data-testid=sheet-shot]').count()).toBe(8);
    // The back view shows no face: its chip says so ("scoring…" until its score lands, then "No face").
    expect(await page.locator('[data-shot=back] .identity-chip').count()).toBe(1);
    await expect.poll(() => page.locator('[data-shot=back] .identity-chip').textContent(), { timeout: 30_000 }).toBe('No face');
    const during = await seen(page);
    expect(during.shots.some((n) => n > 0 && n < 8)).toBe(true); // seen partway, not only at the end
    expect(during.shots.at(-1)).toBe(8);
    // The bar moves while we watch, with the trainer's stage and an ETA.
    await expect.poll(async () => (await seen(page)).steps.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await seen(page)).etas.length).toBeGreaterThan(0);
    expect((await seen(page)).steps.every((s) => /^step \d+ of 10$/.test(s))).toBe(true);
    expect(await page.locator('.lora-training__line strong').textContent()).toBe('Training the face');
    await screenshot(page, 'lora-training.png', { fullPage: true });

    // Elsewhere in the studio (no reload), the unlock is announced with a link to the studio.
    await page.getByRole('link', { name: 'Gallery', exact: true }).click();
    await page.waitForURL(/\/gallery$/);
    const toast = page.locator('.toast', { hasText: 'HD mode unlocked for Lena Frost' });
    await toast.waitFor({ timeout: 120_000 });
    const after = await seen(page);
    expect(after.toastPath).toBe('/gallery');
    await screenshot(page, 'lora-hd-toast.png', { keepToasts: true });
    expect(await page.locator('.toast', { hasText: 'HD mode unlocked' }).count()).toBe(1);
    await toast.getByRole('link', { name: 'Open the studio' }).click();

    // The studio: HD badge; a new pack is an HD (LoRA) pack.
    await page.waitForURL(/\/studio$/);
    await page.getByTestId('studio-hd-badge').waitFor();
    await page.getByRole('radio', { name: '1', exact: true }).check();
    await page.getByRole('button', { name: 'Generate 1 image' }).click();
    await page.waitForURL(/\/studio\/packs\//);
    await expect.poll(() => page.getByTestId('pack-mode').getAttribute('data-mode')).toBe('LORA');
    await expect.poll(() => page.getByTestId('pack-status').textContent(), { timeout: 60_000 }).toBe('Complete');
    const hdPackId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);
    expect((await packDone(hdPackId)).loraUsed?.modelKey).toBeTruthy();

    // The older face-reference pack, from the profile's history: Upgrade to HD, then both side by side.
    const original = await packDone(older.generateImages.job.id);
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Lena Frost', level: 1 }).waitFor();
    await page.getByTestId('history-upgrade-to-hd').click();
    await page.waitForURL(/\/studio\/packs\//);
    const upgradedId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);
    expect(upgradedId).not.toBe(older.generateImages.job.id);
    const pair = page.getByTestId('hd-pair');
    await expect
      .poll(() => pair.locator('.identity-chip[data-band=strong], .identity-chip[data-band=match], .identity-chip[data-band=drift]').count(), { timeout: 60_000 })
      .toBe(2);
    await expect.poll(() => imagesLoaded(page, '[data-testid=hd-comparison]')).toBe(2);
    await screenshot(page, 'lora-hd-upgrade.png', { fullPage: true });
    const upgraded = await packDone(upgradedId);
    expect(upgraded.mode).toBe('LORA');
    expect(upgraded.upgradedFrom?.id).toBe(older.generateImages.job.id);
    expect(upgraded.images[0]!.asset!.seed).toBe(original.images[0]!.asset!.seed);

    // Both ways: the original pack pairs itself with its HD version too.
    await page.getByTestId('open-original-pack').click();
    await page.waitForURL(new RegExp(`/packs/${encodeURIComponent(older.generateImages.job.id)}$`));
    await expect.poll(() => page.getByTestId('pack-mode').getAttribute('data-mode')).toBe('FACE_REF');
    await page.getByTestId('open-hd-pack').waitFor();
    expect(await page.getByTestId('hd-pair').count()).toBe(1);
    expect(await page.getByTestId('upgrade-to-hd').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
