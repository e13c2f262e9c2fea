export interface CreatorError {
  /** What happened, in a creator's words. */
  title: string;
  /** What to do about it. */
  hint: string;
  /** Whether trying again can help. */
  retryable: boolean;
}

const RULES: Array<{ test: RegExp; error: CreatorError }> = [
  {
    test: /timed? ?out|took too long|execution ?timeout|deadline/i,
    error: { title: 'The GPU took too long', hint: 'Busy GPUs sometimes stall. Retry — you were not charged for this image.', retryable: true },
  },
  { test: /out of memory|OOM|CUDA/i, error: { title: 'The GPU ran out of memory', hint: 'Retry, or pick Draft quality or a smaller aspect ratio.', retryable: true } },
  { test: /cancel/i, error: { title: 'Cancelled', hint: 'You stopped this image; it was refunded.', retryable: true } },
  { test: /rate ?limit|429|too many requests/i, error: { title: 'The GPU service is busy', hint: 'Wait a moment and retry.', retryable: true } },
  {
    test: /unavailable|503|502|ECONNREFUSED|ECONNRESET|network|fetch failed|throttl|no workers/i,
    error: { title: 'The GPU service could not be reached', hint: 'This is usually temporary. Retry in a minute.', retryable: true },
  },
  { test: /nsfw|safety|content policy/i, error: { title: 'Blocked by the content filter', hint: 'Change the scene or outfit, or enable NSFW in Settings.', retryable: false } },
  {
    test: /invalid|validation|prompt_outputs_failed|node|workflow|model.*not found|missing/i,
    error: { title: 'The image recipe was rejected', hint: 'This is our fault, not yours. Retry; if it keeps failing, report it with the details.', retryable: true },
  },
];

const FALLBACK: CreatorError = { title: 'This image failed', hint: 'Retry — failed images are refunded.', retryable: true };

/** A GPU or vendor error message, translated for a creator; the raw text stays available as details. */
export function creatorError(technical: string | null | undefined): CreatorError {
  if (!technical) return FALLBACK;
  return RULES.find((r) => r.test.test(technical))?.error ?? FALLBACK;
}
