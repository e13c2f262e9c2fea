import { graphql } from '../generated';

export const SetAssetsLikedMutation = graphql(`
  mutation SetAssetsLiked($input: SetAssetsLikedInput!) {
    setAssetsLiked(input: $input) {
      __typename
      ... on SetAssetsLikedPayload {
        assets {
          id
          liked
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const DeleteAssetsMutation = graphql(`
  mutation DeleteAssets($input: DeleteAssetsInput!) {
    deleteAssets(input: $input) {
      __typename
      ... on DeleteAssetsPayload {
        assetIds
      }
      ... on Error {
        message
      }
    }
  }
`);

export const RestoreAssetsMutation = graphql(`
  mutation RestoreAssets($input: RestoreAssetsInput!) {
    restoreAssets(input: $input) {
      __typename
      ... on RestoreAssetsPayload {
        assets {
          id
        }
      }
      ... on Error {
        message
      }
    }
  }
`);
