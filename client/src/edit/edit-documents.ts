import { graphql } from '../generated';

export const ImageEditorQuery = graphql(`
  query ImageEditor($id: ID!) {
    asset(id: $id) {
      id
      url
      width
      height
      influencer {
        id
        name
      }
    }
    presets {
      prices {
        inpaintEdit
      }
    }
  }
`);

// `source` is asked for so the answer names an ImageAsset: urql then drops the cached pages that
// list images (the gallery), and they are read again with the edit in them.
export const EditImageMutation = graphql(`
  mutation EditImage($input: EditImageInput!) {
    editImage(input: $input) {
      __typename
      ... on EditImagePayload {
        created
        price
        edit {
          id
          source {
            id
          }
          ...EditState_edit
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const RetryEditMutation = graphql(`
  mutation RetryEdit($input: RetryEditInput!) {
    retryEdit(input: $input) {
      __typename
      ... on RetryEditPayload {
        edit {
          id
          ...EditState_edit
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const EditProgressSubscription = graphql(`
  subscription EditProgress($editJobId: ID!) {
    editProgress(editJobId: $editJobId) {
      sequence
      snapshot
      status
      edit {
        id
        ...EditState_edit
      }
    }
  }
`);
