import { createMutation, createQuery, useClient } from '@urql/solid';
import { Match, Show, Switch, createEffect, createSignal, on } from 'solid-js';
import { prefillFromAddress } from '../studio/prefill';
import { Link } from '../router/link';
import { track } from '../app/analytics';
import { CreditsQuery, refreshCredits } from '../app/credits';
import { graphql } from '../generated';
import { followInfluencerEvents } from '../influencers/influencer-events';
import { navigate } from '../router/router';
import { CostSummary, generateBlocker } from '../studio/cost-summary';
import { EnvironmentPicker } from '../studio/environment-picker';
import { aspectRatioEnum, qualityEnum } from '../studio/generation-options';
import { OptionSegment } from '../studio/option-segment';
import { OutfitPicker } from '../studio/outfit-picker';
import { KEEP_CURRENT, choiceAfterNsfw, outfitForGeneration, type OutfitChoice } from '../studio/outfit-rules';
import { ScenePicker } from '../studio/scene-picker';
import { StudioHeader } from '../studio/studio-header';
import { ErrorState } from '../ui/error-state';
import { toastError } from '../ui/toasts';
import { LivePackRoute } from './live-pack-route';

const StudioQuery = graphql(`
  query Studio($id: ID!) {
    influencer(id: $id) {
      id
      defaultOutfit
      nsfwEnabled
      loraStatus
      hdModeUnlocked
      baseImage {
        id
      }
      ...StudioHeader_influencer
    }
    presets {
      scenes {
        id
        label
        isDefault
        ...ScenePicker_scene
      }
      environments {
        id
        label
        isDefault
        ...EnvironmentPicker_environment
      }
      outfits {
        id
        label
        category
        nsfwOnly
        ...OutfitPicker_outfit
      }
      aspectRatios {
        id
        label
        width
        height
        isDefault
      }
      qualities {
        id
        label
        creditsPerImage
        isDefault
      }
      imageCounts
      defaultImageCount
    }
  }
`);

const QuoteQuery = graphql(`
  query StudioQuote($input: CreditQuoteInput!) {
    creditQuote(input: $input) {
      __typename
      ... on CreditQuote {
        total
        affordable
        ...CostSummary_quote
      }
      ... on Error {
        message
      }
    }
  }
`);

const GenerateMutation = graphql(`
  mutation GeneratePack($input: GenerateImagesInput!) {
    generateImages(input: $input) {
      __typename
      ... on GenerateImagesPayload {
        job {
          id
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/**
 * The Content Studio of one influencer: scene, environment, outfit (this pack only) and options,
 * the exact cost, Generate, and the live pack once one is open.
 */
export function StudioRoute(props: { influencerId: string; packId: string | undefined }) {
  const client = useClient();
  const [studio, reexecuteStudio] = createQuery({ query: StudioQuery, variables: () => ({ id: props.influencerId }), requestPolicy: 'cache-and-network' });
  const [credits] = createQuery({ query: CreditsQuery });
  // The header's face mode and HD badge follow the LoRA's status (progress events change neither).
  followInfluencerEvents(
    () => props.influencerId,
    (kind) => (kind === 'LoraStatusChanged' || kind === 'HdModeUnlocked') && reexecuteStudio({ requestPolicy: 'network-only' }),
  );

  const presets = () => studio.data?.presets;
  const influencer = () => studio.data?.influencer;

  // Choices: null means "the preset's default". "Generate again" from the pack history prefills
  // them from the address (read once: the choices are the user's from then on).
  const again = prefillFromAddress();
  const [scene, setScene] = createSignal<string | null>(again.scene);
  const [environment, setEnvironment] = createSignal<string | null>(again.environment);
  const [outfit, setOutfit] = createSignal<OutfitChoice>(again.outfit ?? KEEP_CURRENT);
  const [ratio, setRatio] = createSignal<string | null>(again.ratio);
  const [quality, setQuality] = createSignal<string | null>(again.quality);
  const [count, setCount] = createSignal<number | null>(again.count);
  const [nsfwChoice, setNsfw] = createSignal<boolean | null>(null);

  const sceneId = () => scene() ?? presets()?.scenes.find((s) => s.isDefault)?.id ?? 'professional_portrait';
  const environmentId = () => environment() ?? presets()?.environments.find((e) => e.isDefault)?.id ?? 'studio';
  const ratioId = () => ratio() ?? presets()?.aspectRatios.find((r) => r.isDefault)?.id ?? '9:16';
  const qualityId = () => quality() ?? presets()?.qualities.find((q) => q.isDefault)?.id ?? 'draft';
  const imageCount = () => count() ?? presets()?.defaultImageCount ?? 5;
  /** NSFW needs the influencer to allow it and the viewer to have confirmed being an adult. */
  const adultConfirmed = () => !!credits.data?.viewer?.adultConfirmed;
  const nsfw = () => (influencer()?.nsfwEnabled && adultConfirmed() ? (nsfwChoice() ?? true) : false);

  const [quote, reexecuteQuote] = createQuery({
    query: QuoteQuery,
    variables: () => ({ input: { aspectRatio: aspectRatioEnum(ratioId()), quality: qualityEnum(qualityId()), count: imageCount() } }),
    pause: () => !presets(),
  });
  const quoteData = () => (quote.data?.creditQuote.__typename === 'CreditQuote' ? quote.data.creditQuote : null);

  // studio_opened once per visit, as soon as the LoRA status is known.
  let opened = false;
  createEffect(() => {
    const i = influencer();
    if (!i || opened) return;
    opened = true;
    track(client, 'studio_opened', props.influencerId, { lora_status: i.loraStatus.toLowerCase() });
  });

  const pickScene = (id: string) => {
    setScene(id);
    track(client, 'scene_selected', props.influencerId, { scene: id });
  };
  const pickEnvironment = (id: string) => {
    setEnvironment(id);
    track(client, 'environment_selected', props.influencerId, { environment: id });
  };
  const pickOutfit = (choice: OutfitChoice) => {
    const before = outfitForGeneration(outfit(), influencer()?.defaultOutfit ?? '');
    setOutfit(choice);
    const after = outfitForGeneration(choice, influencer()?.defaultOutfit ?? '');
    if (after && after !== before) track(client, 'outfit_changed', props.influencerId, { outfit: after });
  };
  const toggleNsfw = (on: boolean) => {
    setNsfw(on);
    setOutfit((c) => choiceAfterNsfw(c, on, presets()?.outfits ?? []));
  };

  /** The pack in one line, since the rail scrolls: "Fashion editorial · Urban Street · Leather jacket". */
  const recipe = () => {
    const p = presets();
    const i = influencer();
    if (!p || !i) return '';
    const outfitId = outfitForGeneration(outfit(), i.defaultOutfit) ?? i.defaultOutfit;
    const label = (list: ReadonlyArray<{ id: string; label: string }>, id: string) => list.find((x) => x.id === id)?.label ?? id;
    return [label(p.scenes, sceneId()), label(p.environments, environmentId()), label(p.outfits, outfitId), ratioId(), nsfw() ? 'NSFW' : null].filter(Boolean).join(' · ');
  };

  const [generating, generate] = createMutation(GenerateMutation);
  const blocker = () => generateBlocker({ quote: quoteData(), balance: credits.data?.viewer?.credits, hasBaseImage: !!influencer()?.baseImage, busy: generating.fetching });

  const start = async () => {
    const i = influencer();
    if (!i || blocker()) return;
    const result = await generate({
      input: {
        influencerId: i.id,
        scene: sceneId(),
        environment: environmentId(),
        outfit: outfitForGeneration(outfit(), i.defaultOutfit),
        aspectRatio: aspectRatioEnum(ratioId()),
        quality: qualityEnum(qualityId()),
        count: imageCount(),
        nsfw: nsfw(),
        idempotencyKey: crypto.randomUUID(),
      },
    });
    const payload = result.data?.generateImages;
    void refreshCredits(client).then(() => reexecuteQuote({ requestPolicy: 'network-only' }));
    if (payload?.__typename !== 'GenerateImagesPayload') return toastError('The pack did not start', payload && 'message' in payload ? payload : result.error);
    navigate(`/influencers/${encodeURIComponent(props.influencerId)}/studio/packs/${encodeURIComponent(payload.job.id)}`);
  };

  // When a pack settles, the balance moved (charges and refunds).
  const onPackSettled = () => void refreshCredits(client).then(() => reexecuteQuote({ requestPolicy: 'network-only' }));

  createEffect(
    on(
      () => props.packId,
      (id) => id && document.getElementById('output')?.scrollIntoView({ block: 'start' }),
      { defer: true },
    ),
  );

  return (
    <Switch>
      <Match when={studio.error && !studio.data}>
        <ErrorState message={studio.error!.message} />
      </Match>
      <Match when={!studio.data}>
        <div class="card skeleton skeleton--profile" aria-busy="true" />
      </Match>
      <Match when={!studio.data?.influencer}>
        <ErrorState title="Influencer not found" message="It does not exist or belongs to someone else." />
      </Match>
      <Match when={studio.data?.influencer && studio.data.presets}>
        <div class="studio">
          <form
            class="studio__controls"
            aria-label="Generation options"
            onSubmit={(e) => {
              e.preventDefault();
              void start();
            }}
          >
            <div class="studio__scroll">
              <ScenePicker scenes={presets()!.scenes} value={sceneId()} onChange={pickScene} />
              <EnvironmentPicker environments={presets()!.environments} value={environmentId()} onChange={pickEnvironment} />
              <OutfitPicker outfits={presets()!.outfits} defaultOutfit={influencer()!.defaultOutfit} nsfw={nsfw()} choice={outfit()} onChange={pickOutfit} />
              <OptionSegment
                legend="Aspect ratio"
                name="aspect-ratio"
                options={presets()!.aspectRatios.map((r) => ({ value: r.id, label: r.id, hint: `${r.width}×${r.height}` }))}
                value={ratioId()}
                onChange={setRatio}
              />
              <OptionSegment
                legend="Quality"
                name="quality"
                options={presets()!.qualities.map((q) => ({ value: q.id, label: q.label, hint: `${q.creditsPerImage} cr / image` }))}
                value={qualityId()}
                onChange={setQuality}
              />
              <OptionSegment
                legend="Images"
                name="image-count"
                options={presets()!.imageCounts.map((n) => ({ value: n, label: String(n) }))}
                value={imageCount()}
                onChange={setCount}
              />
              <Show when={influencer()!.nsfwEnabled}>
                <label class="toggle">
                  <input
                    type="checkbox"
                    role="switch"
                    name="nsfw"
                    checked={nsfw()}
                    disabled={!adultConfirmed()}
                    onChange={(e) => toggleNsfw(e.currentTarget.checked)}
                    aria-describedby="studio-nsfw-hint"
                  />
                  <span class="toggle__track" aria-hidden="true" />
                  <span>
                    <span class="toggle__label">NSFW</span>
                    <span id="studio-nsfw-hint" class="field__hint">
                      <Show
                        when={adultConfirmed()}
                        fallback={
                          <>
                            Confirm you are 18 or older in <Link href="/settings">Settings</Link> to enable.
                          </>
                        }
                      >
                        Uncensored model; images are stored privately.
                      </Show>
                    </span>
                  </span>
                </label>
              </Show>
            </div>
            <div class="studio__footer">
              <p class="studio__recipe" data-testid="pack-recipe">
                {recipe()}
              </p>
              <CostSummary quote={quoteData()} balance={credits.data?.viewer?.credits} />
              <button type="submit" class="button button--primary button--large button--block" disabled={!!blocker()} aria-describedby="generate-blocker">
                {generating.fetching ? 'Starting…' : `Generate ${imageCount()} ${imageCount() === 1 ? 'image' : 'images'}`}
              </button>
              <Show when={blocker()}>
                <p id="generate-blocker" class="studio__blocker" role="status">
                  {blocker()}
                </p>
              </Show>
            </div>
          </form>
          <section class="studio__output" id="output" aria-label="Output">
            <StudioHeader influencer={influencer()!} />
            <Show
              when={props.packId}
              keyed
              fallback={
                <div class="output-empty">
                  <div class="output-empty__frames" aria-hidden="true">
                    <span />
                    <span />
                    <span />
                  </div>
                  <h2>Your pack will appear here</h2>
                  <p class="muted">Pick a scene, an environment and an outfit, then Generate. Images arrive one by one as the GPU finishes them.</p>
                </div>
              }
            >
              {(packId) => <LivePackRoute packId={packId} influencerId={props.influencerId} hdModeUnlocked={influencer()!.hdModeUnlocked} onSettled={onPackSettled} />}
            </Show>
          </section>
        </div>
      </Match>
    </Switch>
  );
}
