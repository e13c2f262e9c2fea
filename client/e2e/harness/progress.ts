import type { Page } from 'playwright-core';

/** Records every distinct "x of y" the live pack shows, from now on, in the page. */
export async function watchProgress(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __progress: string[] };
    w.__progress = [];
    const read = () => {
      const t = document.querySelector('[data-testid=pack-progress]')?.textContent?.trim();
      if (t && w.__progress[w.__progress.length - 1] !== t) w.__progress.push(t);
    };
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
    read();
  });
}

export function progressSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
}
