export { decodeGenerated, decodeUpload, type DecodedGenerated, type DecodedUpload } from './decode.js';
export { ImagingError, type ImagingErrorCode } from './errors.js';
export { sniff, type ImageFormat } from './formats.js';
export { prepareMask, type PreparedMask } from './mask.js';
export { makeThumbnail, THUMB_WIDTH, type Thumbnail } from './thumbnail.js';
export {
  compositeEdit,
  cropForInpaint,
  decodeMask,
  decodeRgb,
  dilate,
  editRegion,
  growRadius,
  prepareBlend,
  workSize,
  type Blend,
  type RawImage,
  type Region,
} from './inpaint-composite.js';
