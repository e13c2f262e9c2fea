import { graphql } from '../generated/index.js';

export const CreateInfluencerDoc = graphql(`
  mutation PipelineCreateInfluencer($input: CreateInfluencerInput!) {
    createInfluencer(input: $input) {
      __typename
      ... on CreateInfluencerPayload {
        influencer {
          id
          defaultOutfit
        }
      }
    }
  }
`);

export const SetBaseImageDoc = graphql(`
  mutation SetBaseImage($input: SetBaseImageInput!) {
    setBaseImage(input: $input) {
      __typename
      ... on SetBaseImagePayload {
        influencer {
          id
          baseImage {
            id
            kind
            width
            height
            url
            thumbnailUrl
          }
        }
      }
      ... on InvalidInput {
        message
        issues {
          path
          message
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`);

export const GenerateDoc = graphql(`
  mutation Generate($input: GenerateImagesInput!) {
    generateImages(input: $input) {
      __typename
      ... on GenerateImagesPayload {
        created
        creditsReserved
        mode
        job {
          id
          status
          progress {
            total
          }
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`);

export const JobDoc = graphql(`
  query Job($id: ID!) {
    generationJob(id: $id) {
      id
      status
      sequence
      creditsCharged
      creditsRefunded
      creditsReserved
      error
      outfit
      scene
      environment
      progress {
        completed
        failed
        cancelled
        total
        pending
      }
      timings {
        createdAt
        startedAt
        completedAt
        durationMs
      }
      images {
        index
        status
        attempts
        error
        seed
        asset {
          id
          url
          thumbnailUrl
          width
          height
          scene
          environment
          outfit
          aspectRatio
          quality
          nsfw
          prompt
          seed
          mode
          engine
        }
      }
    }
  }
`);

export const ProgressDoc = graphql(`
  subscription Progress($jobId: ID!) {
    generationProgress(jobId: $jobId) {
      __typename
      sequence
      job {
        id
        status
        progress {
          completed
          failed
          total
        }
      }
      ... on ImageStarted {
        image {
          index
          status
        }
      }
      ... on ImageCompleted {
        image {
          index
          asset {
            id
            width
            height
            thumbnailUrl
          }
        }
      }
      ... on ImageFailed {
        image {
          index
          error
          status
        }
      }
    }
  }
`);

export const CancelDoc = graphql(`
  mutation Cancel($input: CancelGenerationInput!) {
    cancelGeneration(input: $input) {
      __typename
      ... on CancelGenerationPayload {
        job {
          id
          status
          progress {
            completed
            cancelled
          }
          creditsRefunded
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const RetryDoc = graphql(`
  mutation RetryFailed($input: RetryFailedImagesInput!) {
    retryFailedImages(input: $input) {
      __typename
      ... on RetryFailedImagesPayload {
        job {
          id
          status
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const CreditsDoc = graphql(`
  query Credits {
    viewer {
      credits
    }
  }
`);

export const AssetsDoc = graphql(`
  query Assets($filter: AssetFilter, $first: Int, $after: String) {
    assets(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          kind
          scene
          environment
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const AssetDoc = graphql(`
  query Asset($id: ID!) {
    asset(id: $id) {
      id
      url
    }
    node(id: $id) {
      id
    }
  }
`);

export const QuoteDoc = graphql(`
  query Quote($input: CreditQuoteInput!) {
    creditQuote(input: $input) {
      __typename
      ... on CreditQuote {
        pricePerImage
        count
        total
        balance
        affordable
      }
      ... on Error {
        code
      }
    }
  }
`);

export const mia = {
  name: 'Mia',
  gender: 'FEMALE' as const,
  age: 26,
  ethnicity: 'Mediterranean',
  hairColor: 'dark brown',
  hairStyle: 'long wavy',
  eyeColor: 'hazel',
  bodyType: 'athletic',
  defaultOutfit: 'white_tee_jeans',
};
