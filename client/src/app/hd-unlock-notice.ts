/** Where the unlocks already announced are kept, so a reload or a second tab does not repeat them. */
export interface SeenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const STORAGE_KEY = 'content-studio.hd-unlocks-seen';
/** Enough for every influencer of a creator; the oldest are forgotten first. */
const KEEP = 100;

const memory = new Map<string, string>();
const memoryStore: SeenStore = { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v) };

function browserStore(): SeenStore {
  try {
    return window.localStorage ?? memoryStore;
  } catch {
    return memoryStore; // storage disabled: remember for this page only
  }
}

/** One unlock: the influencer and the training that unlocked it (a retrained LoRA is a new unlock). */
export function unlockKey(influencerId: string, trainingCompletedAt: string | null | undefined): string {
  return `${influencerId}@${trainingCompletedAt ?? 'ready'}`;
}

/**
 * True the first time this unlock is seen in this browser, and remembers it: the HD toast is
 * shown exactly once per unlock, whatever reloads, reconnects or open tabs follow.
 */
export function firstSightOfUnlock(key: string, store: SeenStore = browserStore()): boolean {
  let seen: string[] = [];
  try {
    const parsed: unknown = JSON.parse(store.getItem(STORAGE_KEY) ?? '[]');
    if (Array.isArray(parsed)) seen = parsed.filter((x): x is string => typeof x === 'string');
  } catch {
    seen = [];
  }
  if (seen.includes(key)) return false;
  try {
    store.setItem(STORAGE_KEY, JSON.stringify([...seen, key].slice(-KEEP)));
  } catch {
    // full or disabled storage: the toast still shows once for this page
  }
  return true;
}
