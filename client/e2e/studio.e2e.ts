import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesLoaded, launchBrowser, openPage, screenshot } from './harness/browser';
import { sampleFace } from './harness/face';
import { watchProgress, progressSeen } from './harness/progress';
import { StudioServer } from './harness/server';

let server: StudioServer;
let browser: Browser;

beforeAll(async () => {
  server = await StudioServer.create('studio');
  await server.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();

describe('creating an influencer and generating a pack in the Content Studio', () => {
  it('creates an influencer with a face, generates 5 images with a changed outfit, and finds them in the gallery', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(server.url);

    // Influencers: empty on a fresh server; the studio signed in by itself (embedded demo session).
    await page.getByRole('heading', { name: 'Create your first influencer' }).waitFor();
    await expect.poll(() => text(page, '[data-testid=header-credits]')).toBe('500');
    await screenshot(page, 'influencers-empty.png');
    await page.getByRole('link', { name: '+ New influencer' }).click();

    // Create form, with the base image previewed before upload.
    await page.getByLabel('Name', { exact: true }).fill('Mia Laurent');
    await page.getByLabel('Age', { exact: true }).fill('26');
    await page.getByLabel('Ethnicity', { exact: true }).fill('Mediterranean');
    await page.getByLabel('Body type', { exact: true }).fill('athletic');
    await page.getByLabel('Hair colour', { exact: true }).fill('dark brown');
    await page.getByLabel('Hair style', { exact: true }).fill('long wavy');
    await page.getByLabel('Eye colour', { exact: true }).fill('hazel');
    await page.getByLabel('Default outfit', { exact: true }).selectOption('white_tee_jeans');
    const outfitOptions = await page.getByLabel('Default outfit', { exact: true }).locator('option').allTextContents();
    expect(outfitOptions).toHaveLength(19); // the 20 outfits less the NSFW-only one
    expect(outfitOptions).not.toContain('Lingerie');
    await page.getByLabel('Base image (face photo)', { exact: true }).setInputFiles({ name: 'mia.png', mimeType: 'image/png', buffer: await sampleFace() });
    await page.getByTestId('base-image-preview').waitFor();
    await expect.poll(() => imagesLoaded(page, '.base-image-input__preview')).toBe(1);
    await screenshot(page, 'new-influencer.png');
    await page.getByRole('button', { name: 'Create influencer' }).click();

    // Profile: name, avatar from the uploaded face, face mode, LoRA status, and the way in.
    await page.getByRole('heading', { name: 'Mia Laurent', level: 1 }).waitFor();
    const influencerId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    await page.getByRole('img', { name: "Mia Laurent's face" }).waitFor();
    await expect.poll(() => text(page, '.profile .badge--accent')).toBe('Face reference');
    expect(await text(page, '[data-fact="Default outfit"]')).toBe('White tee & jeans');
    await expect.poll(() => imagesLoaded(page, '.profile .avatar')).toBe(1);
    await screenshot(page, 'profile.png');
    await page.getByRole('link', { name: 'Open Content Studio' }).click();

    // Content Studio: defaults, then a scene, an environment and an outfit for this pack only.
    await page.getByRole('heading', { name: 'Mia Laurent', level: 1 }).waitFor();
    await page.getByRole('img', { name: "Mia Laurent's face" }).waitFor();
    expect(await page.getByRole('radio', { name: /Professional portrait/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /^Studio/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /Keep current/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: '5', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: /NSFW/ }).count()).toBe(0); // this influencer does not allow NSFW

    await page.locator('label.choice-card', { hasText: 'Fashion editorial' }).click();
    await page.locator('label.choice-card', { hasText: 'Urban Street' }).click();
    await page.locator('.segmented label', { hasText: 'Change' }).click();
    const outfitChips = await page.locator('.outfit-grid label').allTextContents();
    expect(outfitChips).toHaveLength(19);
    expect(outfitChips.join()).not.toContain('Lingerie');
    await page.locator('.outfit-grid label', { hasText: 'Leather jacket' }).click();
    expect(await page.getByRole('radio', { name: /Fashion editorial/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /Urban Street/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /Leather jacket/ }).isChecked()).toBe(true);

    // The exact cost is the API's quote, and it follows the options.
    const quote = async (quality: 'DRAFT' | 'HQ', count: number) =>
      (
        await server.graphql<{ creditQuote: { total: number } }>(`query($i: CreditQuoteInput!) { creditQuote(input: $i) { ... on CreditQuote { total } } }`, {
          i: { quality, count, aspectRatio: 'PORTRAIT_9_16' },
        })
      ).creditQuote.total;
    const draft5 = await quote('DRAFT', 5);
    const hq10 = await quote('HQ', 10);
    await expect.poll(() => text(page, '[data-testid=cost-total]')).toBe(`${draft5} credits`);
    await page.locator('.segmented label', { hasText: 'HQ' }).click();
    await page.getByRole('radio', { name: '10', exact: true }).check();
    await expect.poll(() => text(page, '[data-testid=cost-total]')).toBe(`${hq10} credits`);
    await page.locator('.segmented label', { hasText: 'Draft' }).click();
    await page.getByRole('radio', { name: '5', exact: true }).check();
    await expect.poll(() => text(page, '[data-testid=cost-total]')).toBe(`${draft5} credits`);
    expect(await text(page, '[data-testid=balance]')).toContain('500 credits');
    await page.locator('.studio__scroll').evaluate((el) => el.scrollTo({ top: 0 }));
    await screenshot(page, 'studio.png');

    // Generate: placeholders fill in as events arrive, to "5 of 5".
    await page.getByRole('button', { name: 'Generate 5 images' }).click();
    await page.waitForURL(/\/studio\/packs\//);
    await watchProgress(page);
    await page.locator('.pack-tile').nth(4).waitFor();
    await page.locator('.pack-tile[data-status=COMPLETED]').first().waitFor();
    await page.locator('.studio__scroll').evaluate((el) => el.scrollTo({ top: 0 }));
    await screenshot(page, 'live-pack.png');
    await page.getByTestId('pack-status').filter({ hasText: 'Complete' }).waitFor({ timeout: 60_000 });
    expect(await text(page, '[data-testid=pack-progress]')).toBe('5 of 5');
    expect(await page.locator('.pack-tile[data-status=COMPLETED]').count()).toBe(5);
    await expect.poll(() => imagesLoaded(page, '.pack-grid')).toBe(5);
    const seen = await progressSeen(page);
    expect(seen.at(-1)).toBe('5 of 5');
    expect(seen.length).toBeGreaterThan(1); // images arrived one by one, not all at once
    const counts = seen.map((s) => Number(s.split(' ')[0]));
    expect([...counts].sort((a, b) => a - b)).toEqual(counts); // never went backwards
    await expect.poll(() => text(page, '[data-testid=header-credits]')).toBe(String(500 - draft5));
    await screenshot(page, 'pack-complete.png');

    // Gallery: newest first, filterable; the detail shows the pack's metadata.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gallery' }).click();
    await page.getByRole('heading', { name: 'Gallery', level: 1 }).waitFor();
    await expect.poll(() => page.locator('.asset-tile').count()).toBe(6); // 5 generated + the base image
    await page.getByLabel('Kind', { exact: true }).selectOption('GENERATED');
    await expect.poll(() => page.locator('.asset-tile').count()).toBe(5);
    await page.getByLabel('Scene', { exact: true }).selectOption('fashion_editorial');
    await expect.poll(() => page.locator('.asset-tile').count()).toBe(5);
    await page.getByLabel('Environment', { exact: true }).selectOption('beach');
    await page.getByRole('heading', { name: 'No images here yet' }).waitFor();
    await page.getByLabel('Environment', { exact: true }).selectOption('urban_street');
    await expect.poll(() => page.locator('.asset-tile').count()).toBe(5);
    await expect.poll(() => imagesLoaded(page, '.virtual-grid')).toBe(5);
    await screenshot(page, 'gallery.png');

    await page.locator('.asset-tile').first().click();
    await page.getByTestId('asset-metadata').waitFor();
    const meta = (k: string) => text(page, `[data-meta="${k}"]`);
    expect(await meta('Scene')).toBe('Fashion editorial');
    expect(await meta('Environment')).toBe('Urban Street');
    expect(await meta('Outfit')).toBe('Leather jacket');
    expect(await meta('Aspect ratio')).toBe('9:16');
    expect(await meta('Quality')).toBe('Draft');
    expect(await meta('NSFW')).toBe('No');
    expect(await meta('Mode')).toBe('Face reference');
    expect(await meta('Seed')).toMatch(/^\d+$/);
    expect((await meta('Prompt')).toLowerCase()).toContain('leather jacket');
    await expect.poll(() => imagesLoaded(page, '.asset-detail__image')).toBe(1);
    await screenshot(page, 'asset-detail.png');

    // The outfit changed for that pack only: the influencer's default is unchanged.
    await page.locator('.asset-detail__influencer').click();
    await page.getByRole('heading', { name: 'Mia Laurent', level: 1 }).waitFor();
    expect(await text(page, '[data-fact="Default outfit"]')).toBe('White tee & jeans');
    const api = await server.graphql<{ influencer: { defaultOutfit: string } }>(`query($id: ID!) { influencer(id: $id) { defaultOutfit } }`, { id: influencerId });
    expect(api.influencer.defaultOutfit).toBe('white_tee_jeans');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Influencers' }).click();
    await page.locator('.influencer-card', { hasText: 'Mia Laurent' }).waitFor();
    await expect.poll(() => imagesLoaded(page, '.influencer-card')).toBe(1);
    await screenshot(page, 'influencers.png');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('creates an API token, shows its secret once, and revokes it', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/settings`);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByLabel('Token name', { exact: true }).fill('nightly batch script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByLabel('Secret of nightly batch script', { exact: true }).inputValue();
    expect(secret).toMatch(/^cs_/);
    // The secret works as a bearer token.
    const viewer = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ viewer { isDemo } }' }),
    }).then((r) => r.json() as Promise<{ data: { viewer: { isDemo: boolean } | null } }>);
    expect(viewer.data.viewer).toEqual({ isDemo: true });
    await page.getByRole('row', { name: /nightly batch script/ }).waitFor();
    await screenshot(page, 'settings.png');

    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByLabel('Secret of nightly batch script', { exact: true }).count()).toBe(0); // shown once only
    await page.getByRole('button', { name: 'Revoke nightly batch script' }).click();
    await page.getByRole('button', { name: 'Confirm revoke' }).click();
    await page
      .getByRole('row', { name: /nightly batch script/ })
      .getByText(/Revoked/)
      .waitFor();
    const after = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ viewer { isDemo } }' }),
    });
    const body = (await after.json().catch(() => ({}))) as { data?: { viewer: unknown } };
    expect(after.status === 401 || body.data?.viewer === null).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
