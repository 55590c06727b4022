// The linear regime that the linear ablations share (docs/organisms.md#the-linear-regime says why each
// value): 64 prompts x G 32 per rollout batch, 16 shuffled mini-batches (16 updates per batch, so the
// ratio leaves 1 and the clip acts), plain SGD at lr 0.6, token-mean loss (bnpo: no per-sequence
// length bias), 50 steps. The organism study found the clipping bias in exactly this regime
// (standard-clip clip fraction ~2-5%).
// Spread it into an ablation's base and override what differs (e.g. `...SECTION_2, steps: 30`).
// Changing a value here changes the cache key of every run that uses it, and so every baseline.
import type { GrpoConfigInput } from 'rlvr-ablate'

export const SECTION_2 = {
  steps: 50,
  promptsPerStep: 64,
  numGenerations: 32,
  miniBatches: 16,
  optimizer: 'sgd',
  learningRate: 0.6,
  lossType: 'bnpo',
} as const satisfies GrpoConfigInput

// The cheap regime of the length twins (dr-grpo-length, dapo-overlong) on
// qwen-math-7b-length-like-linear: 16 prompts x G 16, 4 shuffled mini-batches, Adam lr 0.05, 15 steps,
// seeds 100-105 (pilots used 0-3). About 3 s a run here. Adam rather than SGD: lossType dr_grpo with
// scaleRewards none shrinks the gradient (1 / maxCompletionLength per token, unscaled advantages), and
// Adam's normalisation keeps the arms' step sizes comparable, so accuracy can be compared at all.
export const LENGTH_LINEAR = {
  seeds: [100, 101, 102, 103, 104, 105] as number[],
  steps: 15,
  promptsPerStep: 16,
  numGenerations: 16,
  miniBatches: 4,
  optimizer: 'adam',
  learningRate: 0.05,
} as const satisfies GrpoConfigInput & { seeds: number[] }
