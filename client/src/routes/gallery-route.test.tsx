import { Provider } from '@urql/solid';
import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { navigate } from '../router/router';
import { fakeApi } from '../test/fake-api';
import { presets } from '../test/studio-fixtures';
import { ToastRegion } from '../ui/toast-region';
import { GalleryRoute } from './gallery-route';

const TOTAL = 3000;

/** A gallery of 3000 assets served by cursor like the API: `after` is the previous page's end. */
function galleryApi() {
  return fakeApi({
    DeleteAssets: (v) => ({ deleteAssets: { __typename: 'DeleteAssetsPayload', assetIds: (v.input as { assetIds: string[] }).assetIds } }),
    RestoreAssets: (v) => ({
      restoreAssets: { __typename: 'RestoreAssetsPayload', assets: (v.input as { assetIds: string[] }).assetIds.map((id) => ({ __typename: 'ImageAsset', id })) },
    }),
    GalleryOptions: () => ({ presets, influencers: { __typename: 'QueryInfluencersConnection', nodes: [{ __typename: 'Influencer', id: 'inf-1', name: 'Mia Laurent' }] } }),
    GalleryPage: (v) => {
      const start = v.after ? Number(String(v.after).slice(1)) + 1 : 0;
      const end = Math.min(TOTAL, start + Number(v.first));
      const edges = [];
      for (let i = start; i < end; i++) {
        edges.push({
          __typename: 'QueryAssetsConnectionEdge',
          cursor: `c${i}`,
          node: {
            __typename: 'ImageAsset',
            id: `asset-${i}`,
            kind: 'GENERATED',
            thumbnailUrl: `http://files.test/${i}.webp`,
            nsfw: false,
            liked: false,
            scene: 'beach_day',
            environment: 'studio',
            createdAt: '2026-01-01T00:00:00Z',
          },
        });
      }
      return { assets: { __typename: 'QueryAssetsConnection', edges, pageInfo: { __typename: 'PageInfo', hasNextPage: end < TOTAL, endCursor: edges.at(-1)?.cursor ?? null } } };
    },
  });
}

let gridTop = 0;
beforeEach(() => {
  gridTop = 0;
  // jsdom has no layout: the grid is 1000 px wide and sits `gridTop` px from the viewport's top.
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    const top = this.classList.contains('virtual-grid') ? gridTop : 0;
    return { top, left: 0, width: 1000, height: 0, right: 1000, bottom: top, x: 0, y: top, toJSON: () => ({}) } as DOMRect;
  });
  navigate('/gallery?kind=GENERATED&scene=beach_day', { replace: true });
});
afterEach(() => vi.restoreAllMocks());

const tiles = () => document.querySelectorAll('.asset-tile');

describe('GalleryRoute', () => {
  it('loads pages by cursor as you scroll and renders only the rows near the viewport', async () => {
    const api = galleryApi();
    render(() => (
      <Provider value={api.client}>
        <GalleryRoute />
      </Provider>
    ));
    await waitFor(() => expect(tiles().length).toBeGreaterThan(0));
    expect(api.callsOf('GalleryPage')[0]).toEqual({ filter: { kind: 'GENERATED', scene: 'beach_day' }, first: 60, after: null });
    const firstScreen = tiles().length;
    expect(firstScreen).toBeLessThan(60); // a page is 60; only what fits (plus overscan) is in the DOM
    expect(screen.getByRole('link', { name: 'Image 1' }).getAttribute('href')).toBe('/gallery/asset-0');

    // Scroll 40 000 px down: the pages needed to get there load, and the DOM stays small.
    gridTop = -40_000;
    window.dispatchEvent(new Event('scroll'));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Image 751' })).not.toBeNull(), { timeout: 5000 });
    const pages = api.callsOf('GalleryPage');
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.map((p) => p.after)).toEqual([null, ...pages.slice(1).map((_, i) => `c${60 * (i + 1) - 1}`)]);
    expect(tiles().length).toBeLessThanOrEqual(50); // ~3 rows on screen + 3 above + 3 below, 5 a row
    expect(screen.queryByRole('link', { name: 'Image 1' })).toBeNull();
    expect(pages.length).toBeLessThan(TOTAL / 60); // not everything: only up to where you are
  });

  it('starts over from the first page when a filter changes', async () => {
    const api = galleryApi();
    render(() => (
      <Provider value={api.client}>
        <GalleryRoute />
      </Provider>
    ));
    await waitFor(() => expect(tiles().length).toBeGreaterThan(0));
    await waitFor(() => expect((screen.getByLabelText('Environment') as HTMLSelectElement).options.length).toBe(3));
    fireEvent.change(screen.getByLabelText('Environment'), { target: { value: 'urban_street' } });
    await waitFor(() =>
      expect(api.callsOf('GalleryPage').at(-1)).toEqual({ filter: { kind: 'GENERATED', scene: 'beach_day', environment: 'urban_street' }, first: 60, after: null }),
    );
    expect(window.location.search).toBe('?kind=GENERATED&scene=beach_day&environment=urban_street');
  });

  it('selects a range with shift-click, deletes it, and restores it from the Undo toast', async () => {
    const api = galleryApi();
    render(() => (
      <Provider value={api.client}>
        <ToastRegion />
        <GalleryRoute />
      </Provider>
    ));
    await waitFor(() => expect(tiles().length).toBeGreaterThan(0));
    fireEvent.click(screen.getByLabelText('Select Image 1'));
    fireEvent.click(screen.getByLabelText('Select Image 3'), { shiftKey: true });
    expect(screen.getByTestId('selection-count').textContent).toBe('3 selected');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.callsOf('DeleteAssets')).toEqual([{ input: { assetIds: ['asset-0', 'asset-1', 'asset-2'] } }]));
    await waitFor(() => expect(screen.getByRole('link', { name: 'Image 1' }).getAttribute('href')).toBe('/gallery/asset-3'));
    fireEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(api.callsOf('RestoreAssets')).toEqual([{ input: { assetIds: ['asset-0', 'asset-1', 'asset-2'] } }]));
    await waitFor(() => expect(screen.getByRole('link', { name: 'Image 1' }).getAttribute('href')).toBe('/gallery/asset-0'));
  });
});
