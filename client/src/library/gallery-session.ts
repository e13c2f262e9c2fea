import { createSignal } from 'solid-js';

/**
 * What the gallery showed last (its filter in the address, and the ids in order), so the asset
 * detail can step to the previous/next image of the same filter and go back to the same grid.
 */
const [session, setSession] = createSignal<{ search: string; ids: string[] }>({ search: '', ids: [] });
export { session as gallerySession, setSession as setGallerySession };
