// Seeded randomness for everything the engine draws (prompts, samples, shuffles, random rewards).
// One generator per purpose, each derived from (seed, stream name), so adding a draw in one place
// never shifts the numbers of another: runs stay a pure function of (config, seed, backend).

/** A seeded uniform source on [0, 1). */
export interface Rng {
  next(): number
  /** Integer in [0, n). */
  int(n: number): number
  /** Standard normal (Box-Muller). */
  normal(): number
}

function hashString(s: string): number {
  let h = 2166136261 >>> 0 // FNV-1a
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 16777619) >>> 0
  }
  return h
}

/** sfc32 seeded through splitmix32: fast, 128-bit state, passes PractRand at this scale. */
export function makeRng(seed: number, stream = ''): Rng {
  let s = (Math.trunc(seed) ^ hashString(stream)) >>> 0
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = split(), b = split(), c = split(), d = split()
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t / 4294967296
  }
  for (let i = 0; i < 12; i++) next()
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = 1 - next()
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
    },
  }
}

/** Fisher-Yates permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n)
  for (let i = 0; i < n; i++) p[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = p[i]; p[i] = p[j]; p[j] = t
  }
  return p
}

/** Index drawn from unnormalised probabilities `p[off .. off+n)` using one uniform u. */
export function sampleIndex(p: ArrayLike<number>, off: number, n: number, u: number): number {
  let total = 0
  for (let i = 0; i < n; i++) total += p[off + i]
  let x = u * total
  for (let i = 0; i < n; i++) {
    x -= p[off + i]
    if (x < 0) return i
  }
  // u*total rounding past the last positive entry: return the last token with mass.
  for (let i = n - 1; i >= 0; i--) if (p[off + i] > 0) return i
  return n - 1
}
