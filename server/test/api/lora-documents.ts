import { graphql } from '../generated/index.js';

export const LoraDoc = graphql(`
  query InfluencerLora($id: ID!) {
    influencer(id: $id) {
      id
      loraStatus
      loraError
      faceMode
      baseImage {
        id
      }
      lora {
        status
        stage
        progress
        estimatedCompletionAt
        triggerWord
        error
        models {
          baseModel
          modelKey
          triggerWord
          readyAt
        }
        sheet {
          status
          targetCount
          images {
            shot
            status
            replacements
            asset {
              id
              kind
              identityStatus
              identityScore
              source {
                id
              }
            }
          }
        }
        training {
          status
          stage
          steps
          step
          startedAt
          completedAt
          durationMs
          gpuCostUsd
          error
        }
      }
    }
  }
`);

export const LoraEventsDoc = graphql(`
  subscription LoraEvents($influencerId: ID!) {
    influencerEvents(influencerId: $influencerId) {
      __typename
      loraStatus
      ... on LoraTrainingProgress {
        stage
        step
        total
        estimatedCompletionAt
      }
      ... on CharacterSheetProgress {
        shotsDone
        targetCount
      }
    }
  }
`);

export const RetrainLoraDoc = graphql(`
  mutation RetrainLora($input: RetrainLoraInput!) {
    retrainLora(input: $input) {
      __typename
      ... on RetrainLoraPayload {
        influencer {
          loraStatus
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`);
