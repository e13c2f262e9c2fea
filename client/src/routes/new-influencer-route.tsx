import { createMutation, createQuery } from '@urql/solid';
import { Show, createSignal } from 'solid-js';
import { graphql } from '../generated';
import { InfluencerForm, type InfluencerFormValues } from '../influencers/influencer-form';
import { Link } from '../router/link';
import { navigate } from '../router/router';
import { toast, toastError } from '../ui/toasts';

const NewInfluencerQuery = graphql(`
  query NewInfluencer {
    presets {
      outfits {
        ...InfluencerForm_outfit
      }
    }
  }
`);

const CreateInfluencerMutation = graphql(`
  mutation CreateInfluencer($input: CreateInfluencerInput!) {
    createInfluencer(input: $input) {
      __typename
      ... on CreateInfluencerPayload {
        influencer {
          id
        }
      }
      ... on InvalidInput {
        issues {
          path
          message
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const SetBaseImageMutation = graphql(`
  mutation UploadBaseImage($input: SetBaseImageInput!) {
    setBaseImage(input: $input) {
      __typename
      ... on SetBaseImagePayload {
        influencer {
          id
          faceMode
          loraStatus
          ...InfluencerAvatar_influencer
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/** Field errors by the last path segment of each input issue ("input.age" → "age"). */
function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<string>; message: string }>) {
  return Object.fromEntries(issues.map((i) => [i.path[i.path.length - 1] ?? 'form', i.message]));
}

/** Create an influencer, then upload its base image; on success open its profile. */
export function NewInfluencerRoute() {
  const [presets] = createQuery({ query: NewInfluencerQuery });
  const [created, create] = createMutation(CreateInfluencerMutation);
  const [uploaded, upload] = createMutation(SetBaseImageMutation);
  const [errors, setErrors] = createSignal<Record<string, string>>({});

  const submit = async (values: InfluencerFormValues) => {
    setErrors({});
    const result = await create({ input: values.input });
    const payload = result.data?.createInfluencer;
    if (!payload) return toastError('Could not create the influencer', result.error);
    if (payload.__typename === 'InvalidInput') {
      setErrors(fieldErrors(payload.issues));
      return toastError('Check the form', payload);
    }
    if (payload.__typename !== 'CreateInfluencerPayload') return toastError('Could not create the influencer', payload);
    const id = payload.influencer.id;
    const up = await upload({ input: { influencerId: id, image: values.baseImage } });
    const upPayload = up.data?.setBaseImage;
    if (upPayload?.__typename !== 'SetBaseImagePayload') {
      toastError('The influencer was created, but the photo was not accepted', upPayload && 'message' in upPayload ? upPayload : up.error);
    } else {
      toast('success', `${values.input.name} is ready`, 'Open the Content Studio to generate a first pack.');
    }
    navigate(`/influencers/${encodeURIComponent(id)}`);
  };

  return (
    <section class="stack">
      <div class="page-header">
        <div>
          <Link href="/" class="back-link">
            ← Influencers
          </Link>
          <h1>New influencer</h1>
          <p class="muted">Describe how they look. The face photo keeps every image recognisably the same person.</p>
        </div>
      </div>
      <Show when={presets.data} fallback={<div class="card skeleton skeleton--form" aria-busy="true" />}>
        {(data) => <InfluencerForm outfits={data().presets.outfits} busy={created.fetching || uploaded.fetching} errors={errors()} onSubmit={(v) => void submit(v)} />}
      </Show>
    </section>
  );
}
