import { token } from '../graphql/session';

/**
 * Starts a download the browser streams straight to disk: a POSTed form carries the API token
 * (never in a URL), and the server answers with Content-Disposition: attachment, so the page
 * stays where it is and never holds the file.
 */
export function startDownload(action: string, fields: Record<string, string> = {}) {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = action;
  form.style.display = 'none';
  for (const [name, value] of Object.entries({ ...fields, token: token() ?? '' })) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
  form.remove();
}

export const downloadAsset = (assetId: string) => startDownload(`/downloads/assets/${encodeURIComponent(assetId)}`);
export const downloadPack = (jobId: string) => startDownload(`/downloads/packs/${encodeURIComponent(jobId)}.zip`);
export const downloadSelection = (assetIds: readonly string[]) => startDownload('/downloads/assets.zip', { ids: assetIds.join(',') });
