import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { artifactsDir } from './paths';

/** Debian's Chromium, headless, with nothing phoning home. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context (its own storage: no token yet) with a desktop viewport; page errors fail loudly. */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(30_000);
  return { context, page, errors };
}

/** Saves a screenshot to test-artifacts/ (toasts dismissed, transitions settled). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean; keepToasts?: boolean } = {}) {
  mkdirSync(artifactsDir, { recursive: true });
  if (!options.keepToasts) {
    for (const button of await page.locator('.toast').getByRole('button', { name: 'Dismiss' }).all()) await button.click();
  }
  await page.mouse.move(1, 1); // no hover effects
  await page.screenshot({ path: path.join(artifactsDir, name), fullPage: options.fullPage ?? false, animations: 'disabled' });
}

/** True once every <img> inside `selector` has decoded (natural size known). */
export async function imagesLoaded(page: Page, selector: string): Promise<number> {
  return page.$$eval(`${selector} img`, (imgs) => imgs.filter((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0).length);
}
