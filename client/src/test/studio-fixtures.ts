/** The studio's presets, trimmed to what the tests need (ids and labels as the API has them). */
export const presets = {
  __typename: 'Presets',
  scenes: [
    { __typename: 'ScenePreset', id: 'professional_portrait', label: 'Professional portrait', description: 'Headshot style, confident, eye contact', isDefault: true },
    { __typename: 'ScenePreset', id: 'fashion_editorial', label: 'Fashion editorial', description: 'Dramatic, magazine quality', isDefault: false },
    { __typename: 'ScenePreset', id: 'beach_day', label: 'Beach day', description: 'Summer vibes, relaxed', isDefault: false },
  ],
  environments: [
    { __typename: 'EnvironmentPreset', id: 'studio', label: 'Studio', description: 'Plain background', isDefault: true },
    { __typename: 'EnvironmentPreset', id: 'urban_street', label: 'Urban Street', description: 'City, street style', isDefault: false },
  ],
  outfits: [
    { __typename: 'OutfitPreset', id: 'white_tee_jeans', label: 'White tee & jeans', category: 'casual', nsfwOnly: false },
    { __typename: 'OutfitPreset', id: 'leather_jacket', label: 'Leather jacket', category: 'casual', nsfwOnly: false },
    { __typename: 'OutfitPreset', id: 'bikini', label: 'Bikini', category: 'swim', nsfwOnly: false },
    { __typename: 'OutfitPreset', id: 'lingerie', label: 'Lingerie', category: 'intimate', nsfwOnly: true },
  ],
  aspectRatios: [
    { __typename: 'AspectRatioOption', id: '1:1', label: 'Square 1:1', width: 1024, height: 1024, isDefault: false },
    { __typename: 'AspectRatioOption', id: '9:16', label: 'Portrait 9:16', width: 768, height: 1360, isDefault: true },
    { __typename: 'AspectRatioOption', id: '2:3', label: 'Portrait 2:3', width: 832, height: 1248, isDefault: false },
  ],
  qualities: [
    { __typename: 'QualityOption', id: 'draft', label: 'Draft', creditsPerImage: 1, isDefault: true },
    { __typename: 'QualityOption', id: 'hq', label: 'HQ', creditsPerImage: 3, isDefault: false },
  ],
  imageCounts: [1, 5, 10],
  defaultImageCount: 5,
};

export function influencer(overrides: { nsfwEnabled?: boolean; baseImage?: boolean; hd?: boolean } = {}) {
  return {
    __typename: 'Influencer',
    id: 'inf-1',
    name: 'Mia Laurent',
    defaultOutfit: 'white_tee_jeans',
    nsfwEnabled: overrides.nsfwEnabled ?? false,
    loraStatus: overrides.hd ? 'READY' : 'PENDING',
    faceMode: overrides.hd ? 'LORA' : 'FACE_REF',
    hdModeUnlocked: !!overrides.hd,
    baseImage: overrides.baseImage === false ? null : { __typename: 'ImageAsset', id: 'asset-base', thumbnailUrl: 'http://files.test/base.webp' },
  };
}

const PRICE: Record<string, number> = { DRAFT: 1, HQ: 3 };

/** Fake API answers for the studio route; the quote prices like the server's table. Options are read on every call (a test may flip `hd`). */
export function studioHandlers(options: { balance: number; nsfwEnabled?: boolean; baseImage?: boolean; adultConfirmed?: boolean; hd?: boolean }) {
  return {
    Studio: () => ({ influencer: influencer(options), presets }),
    Credits: () => ({ viewer: { __typename: 'Viewer', id: 'me', credits: options.balance, adultConfirmed: options.adultConfirmed ?? true } }),
    StudioQuote: (v: Record<string, unknown>) => {
      const input = v.input as { quality: string; count: number };
      const total = PRICE[input.quality]! * input.count;
      return { creditQuote: { __typename: 'CreditQuote', count: input.count, pricePerImage: PRICE[input.quality], total, affordable: options.balance >= total } };
    },
    TrackEvent: () => ({ trackEvent: { __typename: 'TrackEventPayload' } }),
    GeneratePack: () => ({ generateImages: { __typename: 'GenerateImagesPayload', job: { __typename: 'GenerationJob', id: 'job-9' } } }),
  };
}
