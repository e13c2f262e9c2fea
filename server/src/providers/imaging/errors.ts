export type ImagingErrorCode = 'TOO_LARGE' | 'TOO_MANY_PIXELS' | 'UNSUPPORTED_FORMAT' | 'CORRUPT' | 'MASK_SIZE_MISMATCH';

/** An image the product refuses; the message is safe to show to the uploader. */
export class ImagingError extends Error {
  readonly code: ImagingErrorCode;
  constructor(code: ImagingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImagingError';
    this.code = code;
  }
}

/** Turns a sharp/libvips failure into an ImagingError (anything unrecognised means the data is bad). */
export function fromSharpError(err: unknown): ImagingError {
  if (err instanceof ImagingError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/exceeds pixel limit/i.test(message)) return new ImagingError('TOO_MANY_PIXELS', 'The image has too many pixels', { cause: err });
  if (/unsupported image format/i.test(message)) return new ImagingError('UNSUPPORTED_FORMAT', 'Unsupported image format', { cause: err });
  return new ImagingError('CORRUPT', 'The image data is corrupt or truncated', { cause: err });
}
