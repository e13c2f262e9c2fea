/** The document GraphiQL opens with: a tour of the API a frontend engineer can run at once. */
export const defaultGraphiqlQuery = /* GraphQL */ `
  # Content Studio API. Add a header in the Headers tab:
  #   { "Authorization": "Bearer <your API token>" }
  # (the server prints a dev token at start in embedded mode).

  query Presets {
    presets {
      scenes {
        id
        label
        description
        isDefault
      }
      environments {
        id
        label
        isDefault
      }
      outfits {
        id
        label
        category
        nsfwOnly
      }
      aspectRatios {
        id
        width
        height
        isDefault
      }
      qualities {
        id
        steps
        creditsPerImage
      }
    }
  }

  query Me {
    viewer {
      id
      displayName
      credits
    }
    influencers(first: 10) {
      edges {
        node {
          id
          name
          loraStatus
          faceMode
        }
      }
    }
  }

  mutation CreateInfluencer {
    createInfluencer(
      input: {
        name: "Mia"
        gender: FEMALE
        age: 26
        ethnicity: "Mediterranean"
        hairColor: "dark brown"
        hairStyle: "long wavy"
        eyeColor: "hazel"
        bodyType: "athletic"
        defaultOutfit: "white_tee_jeans"
      }
    ) {
      __typename
      ... on CreateInfluencerPayload {
        influencer {
          id
          name
        }
      }
      ... on Error {
        message
      }
    }
  }
`;
