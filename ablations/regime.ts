// The regime every transformer ablation shares (RESEARCH.md section 2b, the PyTorch spike that found
// the clipping effect in a 105k-parameter transformer): 64 prompts x G 32 per step, one epoch of 16
// shuffled mini-batches of 128 (so the later mini-batches are off-policy and the clip is reached),
// token-mean loss (bnpo), plain SGD, 50 steps, no KL. One shared object: arms with the same resolved
// config share their cached runs across files (the random-reward, standard-clip arm is trained once
// for clipping-bias, the 2x2, random-gamma, the crossover, template collapse and the claims).
//
// The learning rate is the one departure from the spike, chosen once from pilots on
// qwen-math-7b-like with a random reward (gamma 0.5):
//   lr 0.1  (the spike's): ~2% of tokens clipped (the spike: 0.2%); unstable here, standard-clip code
//           rate 0.97 / 0.92 / 0.68 / 0.05 over 4 seeds and accuracy falling 0.52 -> 0.23-0.42.
//   lr 0.05 (chosen): ~1% of tokens clipped; seed 0: standard clip code 0.65 -> 0.94, accuracy
//           0.52 -> 0.56; Clip-Higher code 0.74, accuracy 0.39; on-policy (seed 1) 0.64 / 0.51 -
//           the spike's pattern.
//   lr 0.03: ~0.6% clipped; 2 seeds: standard code 0.75 / 0.82, Clip-Higher 0.81 / 0.81 (no separation).
//   512 rollouts a step (32 prompts x G 16, 4 mini-batches; 4x cheaper) at lr 0.05 or 0.1: noise
//           dominates (standard-clip code 0.58 / 0.52 / 0.78 over 3 seeds at 0.05), and at 0.1 even
//           on-policy updates lose accuracy (0.52 -> 0.36).
// 8 seeds: the mode token acts as one logit shared by all prompts, so its noise does not average
// out over prompts (RESEARCH.md 2b); comparisons are paired by seed.
// I(X;Z) (template collapse) is estimated in every run (32 held-out prompts x 8 samples, at each
// evaluation) so that the template-collapse ablation shares the same runs.
export const TRANSFORMER_REGIME = {
  // Seeds 100-107: the pilots used seeds 0-3, so the verdicts do not rest on the runs that chose lr.
  seeds: [100, 101, 102, 103, 104, 105, 106, 107] as number[],
  steps: 50, promptsPerStep: 64, numGenerations: 32, miniBatches: 16,
  learningRate: 0.05,
  templateCollapsePrompts: 32, templateCollapseSamples: 8,
  optimizer: 'sgd' as const, lossType: 'bnpo' as const,
  // An inconclusive verdict (8 seeds cannot tell) is skipped, not failed: it stays visible in the table.
  inconclusive: 'skip' as const,
}

/** The random reward of the clipping experiments: Bernoulli(0.5), independent of the response. */
export const RANDOM = { kind: 'random', gamma: 0.5 } as const
export const VERIFIER = { kind: 'verifier' } as const
export const FORMAT = { kind: 'format' } as const
/** DAPO Clip-Higher: upper bound 1.28, lower 0.8. */
export const CLIP_HIGHER = { epsilonHigh: 0.28 } as const

// The regime of the transformer length ablations (dr-grpo-length, dapo-overlong) on
// qwen-math-7b-length-like: 32 prompts x G 16 per step, 4 shuffled mini-batches, Adam lr 3e-4,
// 40 steps, 8 seeds, no template-collapse estimate. The learning rate comes from one pilot (GRPO,
// seed 0, 10 steps) at lr 1e-3: the rollout reward rose but the held-out accuracy fell and every
// completion shrank to the shortest within 10 steps (too fast to see a drift); 3e-4 is untested.
// Adam, as in the linear twins (LENGTH_LINEAR):
// dr_grpo with scaleRewards none takes much smaller raw gradients than grpo, and a plain-SGD
// comparison would mostly compare step sizes. A separate regime (not TRANSFORMER_REGIME): the
// organism, not the clip, is what these claims are about, and its runs share no arm with the others.
export const LENGTH_TRANSFORMER_REGIME = {
  seeds: [100, 101, 102, 103, 104, 105, 106, 107] as number[],
  steps: 40, promptsPerStep: 32, numGenerations: 16, miniBatches: 4,
  optimizer: 'adam' as const, learningRate: 3e-4,
  inconclusive: 'skip' as const,
}
