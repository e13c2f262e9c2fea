// Copies the screenshots of the last e2e run (test-artifacts/, ignored) to client/docs/screenshots/
// (committed, shown in the README). Run after `pnpm test:e2e` when the UI changed on purpose.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const from = path.join(repo, 'test-artifacts');
const to = path.join(repo, 'client', 'docs', 'screenshots');
const names = ['influencers.png', 'influencers-empty.png', 'new-influencer.png', 'profile.png', 'studio.png', 'live-pack.png', 'pack-complete.png', 'gallery.png', 'asset-detail.png', 'settings.png', 'pack-after-restart.png', 'gallery-selection.png', 'metrics.png', 'asset-detail-download.png', 'edit-influencer.png', 'pack-identity.png', 'asset-identity.png', 'editor.png'];
mkdirSync(to, { recursive: true });
let copied = 0;
for (const name of names) {
  if (!existsSync(path.join(from, name))) continue;
  copyFileSync(path.join(from, name), path.join(to, name));
  copied++;
}
console.log(`[studio] copied ${copied} screenshots to client/docs/screenshots/`);
if (copied === 0) process.exit(1);
