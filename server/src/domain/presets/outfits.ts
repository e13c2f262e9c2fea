/** An outfit option (spec F4): an influencer's default or a per-generation change. */
export interface OutfitPreset {
  id: string;
  label: string;
  category: 'casual' | 'smart' | 'active' | 'evening' | 'swim' | 'lounge' | 'intimate';
  prompt: string;
  /** Only offered (and only accepted) when the generation is NSFW. */
  nsfwOnly: boolean;
}

const o = (id: string, label: string, category: OutfitPreset['category'], prompt: string, nsfwOnly = false): OutfitPreset => ({
  id,
  label,
  category,
  prompt,
  nsfwOnly,
});

/** The 20 outfits of the creation wizard, from casual to evening wear. */
export const OUTFITS: readonly OutfitPreset[] = [
  o('white_tee_jeans', 'White tee & jeans', 'casual', 'a fitted white t-shirt and light blue jeans'),
  o('oversized_hoodie', 'Oversized hoodie', 'casual', 'an oversized grey hoodie and black leggings'),
  o('denim_jacket', 'Denim jacket', 'casual', 'a denim jacket over a striped top and black jeans'),
  o('summer_dress', 'Floral summer dress', 'casual', 'a light floral summer dress'),
  o('leather_jacket', 'Leather jacket', 'casual', 'a black leather jacket, white top and dark skinny jeans'),
  o('knit_sweater', 'Knit sweater', 'casual', 'a chunky cream knit sweater and a pleated skirt'),
  o('business_suit', 'Tailored suit', 'smart', 'a tailored navy business suit with a crisp white shirt'),
  o('blazer_trousers', 'Blazer & trousers', 'smart', 'a beige blazer with matching wide-leg trousers'),
  o('trench_coat', 'Trench coat', 'smart', 'a classic camel trench coat over a turtleneck'),
  o('athleisure_set', 'Athleisure set', 'active', 'a matching sports bra and high-waisted leggings set'),
  o('running_gear', 'Running gear', 'active', 'a technical running top, shorts and running shoes'),
  o('yoga_outfit', 'Yoga outfit', 'active', 'a soft yoga top and flared yoga pants'),
  o('cocktail_dress', 'Cocktail dress', 'evening', 'an elegant black cocktail dress'),
  o('evening_gown', 'Evening gown', 'evening', 'a floor-length satin evening gown'),
  o('sequin_mini', 'Sequin mini dress', 'evening', 'a sparkling sequin mini dress'),
  o('silk_slip_dress', 'Silk slip dress', 'evening', 'a champagne silk slip dress'),
  o('bikini', 'Bikini', 'swim', 'a stylish bikini'),
  o('one_piece_swimsuit', 'One-piece swimsuit', 'swim', 'a sleek one-piece swimsuit'),
  o('cozy_pajamas', 'Cozy pajamas', 'lounge', 'soft satin pajamas'),
  o('lingerie', 'Lingerie', 'intimate', 'delicate lace lingerie', true),
];
