// Group-relative advantages (GRPO), as TRL's GRPOTrainer and verl compute them.
//   A_i = (r_i - mean(group)) / (std(group) + eps)
// scaleRewards: 'group' divides by the group's std, 'batch' by the std of the whole batch,
// 'none' does not divide (Dr. GRPO). std is the sample std (n - 1), as torch.std. A group of one
// sample has mean 0 and std 1 (verl's rule), so its advantage is its raw reward.

export type ScaleRewards = 'group' | 'batch' | 'none'

export interface AdvantageOptions {
  /** Samples per prompt (numGenerations); rewards are laid out group after group. */
  groupSize: number
  scaleRewards: ScaleRewards
  /** Added to the std before dividing (TRL 1e-4, verl 1e-6). */
  epsilon: number
}

function meanStd(x: ArrayLike<number>, start: number, n: number): [number, number] {
  if (n === 1) return [0, 1]
  let m = 0
  for (let i = 0; i < n; i++) m += x[start + i]
  m /= n
  let v = 0
  for (let i = 0; i < n; i++) v += (x[start + i] - m) ** 2
  return [m, Math.sqrt(v / (n - 1))]
}

/**
 * @example computeAdvantages([1, 0, 0, 0], { groupSize: 4, scaleRewards: 'group', epsilon: 1e-4 })
 *   // mean 0.25, std 0.5 -> [1.4997, -0.4999, -0.4999, -0.4999]
 */
export function computeAdvantages(rewards: ArrayLike<number>, opts: AdvantageOptions): Float32Array {
  const { groupSize: g, scaleRewards, epsilon } = opts
  if (!Number.isInteger(g) || g < 1) throw new Error(`computeAdvantages: groupSize must be an integer >= 1, got ${g}`)
  if (rewards.length % g !== 0) {
    throw new Error(`computeAdvantages: ${rewards.length} rewards are not a whole number of groups of ${g}`)
  }
  const out = new Float32Array(rewards.length)
  const [, batchStd] = meanStd(rewards, 0, rewards.length)
  for (let s = 0; s < rewards.length; s += g) {
    const [mean, groupStd] = meanStd(rewards, s, g)
    const scale = scaleRewards === 'group' ? groupStd + epsilon : scaleRewards === 'batch' ? batchStd + epsilon : 1
    for (let i = 0; i < g; i++) out[s + i] = (rewards[s + i] - mean) / scale
  }
  return out
}
