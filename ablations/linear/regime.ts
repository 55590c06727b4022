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
