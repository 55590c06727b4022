// The regime every transformer ablation shares: the PyTorch spike's regime, in which the clipping
// effect first appeared in a 105k-parameter transformer (docs/organisms.md#the-transformer-regime says
// why each value): 64 prompts x G 32 per step, one epoch of 16 shuffled mini-batches of 128 (so the
// later mini-batches are off-policy and the clip is reached), token-mean loss (bnpo), plain SGD,
// 50 steps, no KL. One shared object: arms with the same resolved config share their cached runs
// across files (the random-reward, standard-clip arm is trained once for clipping-bias, the 2x2,
// random-gamma, the crossover, template collapse and the claims).
//
// The learning rate is the one departure from the spike (0.1 there), chosen once from pilots on
// qwen-math-7b-like with a random reward: at 0.1 the runs were unstable, at 0.05 about 1% of tokens
// were clipped and the spike's pattern appeared, at 0.03 the arms did not separate, and 4x fewer
// rollouts per step were noise-dominated (the pilots' figures: docs/history.md).
// The gradient-norm cap is part of the regime: maxGradNorm 1, the engine's default (as in Spurious
// Rewards' setup), is kept on purpose. Without it an independent PyTorch implementation of this
// engine blew up at lr 0.05 (one seed diverged at step 32); in the spike, plain SGD at lr 0.05 under
// the verifier reward blew up in 3 of 8 seeds once groups were almost all correct (a lone failure
// gets |A| ~ 5.5). Do not turn it off in these arms.
// 8 seeds: the mode token acts as one logit shared by all prompts, so its noise does not average
// out over prompts (docs/organisms.md#the-organism-study); comparisons are paired by seed.
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
  // A run counts as collapsed below 0.5 of its mass on well-formed completions (the default is 0.95):
  // the headline's amendment below, for the same reason, since these files share its learning rate and
  // verifier arms. Set before these files' runs were re-trained for publication (2026-12-06), from the
  // headline's validity figures, not from any of these files' hypotheses.
  validity: { threshold: 0.5 },
}

// The headline (clip-higher-2x2, reward-noise-crossover, spurious-rewards) is decided with a
// sequential seeds plan (docs/sequential.md), declared here before its first run: looks at 8, 16, 24,
// 32, 40 and 48 seeds per arm, O'Brien-Fleming-type spending, Holm across each file's hypotheses.
// Seeds 200-247: disjoint from every pilot (0-17) and from the first 8-seed run (100-107), whose
// figures are history (docs/history.md), not verdicts. Its organisms are the prompt-dependent-prior
// presets (modeSpread 1: each problem its own P(code) around the same mean), chosen from the spread
// pilots of docs/history.md (seeds 10-17): on the 2x2's random-reward contrast (Clip-Higher minus
// standard clip) they gave the same mean effects with a narrower seed-to-seed spread.
// A file can be run a look at a time (RLVR_MAX_LOOKS=1, then 2, ...): each look's runs are cached
// and published as it finishes, and the verdicts are those of one uninterrupted run.
// Amended after look 1 of the 2x2 (docs/history.md, "The headline's first look"): run validity
// counts a run as collapsed below 0.5 of its mass on well-formed completions, not the default 0.95.
// The collapses the rule was made for (clipping-bias without clipping) kept <= 0.15 of their mass
// there and answered nothing right; under the verifier at this learning rate the 2x2's runs move
// part of their mass to other reasoning tokens and keep answering (0.70-1.00 at look 1), which is
// drift, not a broken model. The amendment reads no hypothesis's figures, and look 1 decided
// nothing under it, so the plan goes on with its declared seeds and looks. (The threshold now sits
// in TRANSFORMER_REGIME, which this inherits.)
export const HEADLINE_REGIME = {
  ...TRANSFORMER_REGIME,
  seeds: { initial: 8, step: 8, max: 48, from: 200 },
}

/** The random reward of the clipping experiments: Bernoulli(0.5), independent of the response. */
export const RANDOM = { kind: 'random', gamma: 0.5 } as const
export const VERIFIER = { kind: 'verifier' } as const
export const FORMAT = { kind: 'format' } as const
/** DAPO Clip-Higher: upper bound 1.28, lower 0.8. */
export const CLIP_HIGHER = { epsilonHigh: 0.28 } as const

// The regime of the transformer length ablations (dr-grpo-length, dapo-overlong) on
// qwen-math-7b-length-like: 32 prompts x G 16 per step, 4 shuffled mini-batches, Adam lr 3e-4,
// 40 steps, 8 seeds, no template-collapse estimate. The learning rate: at 1e-3 (one pilot on the first,
// under-trained weights) the held-out accuracy fell; at 3e-4 (pilot on seeds 0-3, GRPO and Dr. GRPO,
// re-pretrained weights) accuracy rose 0.50 -> ~0.78 and the lengths moved (every completion shrank
// towards the shortest), so 3e-4 was kept (figures: docs/history.md).
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
