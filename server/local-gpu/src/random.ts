/** 32-bit FNV-1a: stable across runs and platforms, so the same prompt always picks the same hue. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny seeded PRNG; Math.random would make failure injection unrepeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A PRNG for one (key, seed) pair: the same render inputs always draw the same jitter. */
export function randomFor(key: string, seed: number): () => number {
  // Seeds go up to 2^53-1: fold the high bits in instead of truncating them away.
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return seededRandom(hash32(`${key}|${seed >>> 0}|${hi}`));
}
