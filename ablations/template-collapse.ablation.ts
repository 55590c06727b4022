// Template collapse (RAGEN-2, RESEARCH.md section 1): under a weak or random reward the reasoning Z
// loses its dependence on the prompt, I(X;Z) falls, while H(Z|X) holds; under the verifier it does not
// fall as far. Here Z is the whole reasoning of a completion (mode and reasoning tokens): code restates
// the problem (prompt-dependent), NL writes a fixed template (prompt-independent).
//
// Settings: the shared regime (./regime.ts), which estimates I(X;Z) in every run on 32 held-out
// prompts x 8 samples; the arms are the random-reward and ground-truth arms of spurious-rewards.
// H(Z|X) "holds": within ±0.1 nats of its pre-RL value.
//
// Measured (seeds 100-107, 8 seeds; pre-RL I(X;Z) 2.45 nats of log 32 = 3.47, H(Z|X) 0.61):
//   I(X;Z) under a random reward: 2.82, +0.37 [-0.32, 1.05], inconclusive - it rises in 7 of 8 seeds,
//     because the mode it amplifies (code) restates the prompt; it falls only in seed 105, whose code
//     mode collapsed (see clipping-bias). Collapse in RAGEN-2's sense would need a prompt-independent
//     favourite; this organism's favourite is the most prompt-dependent behaviour it has.
//   H(Z|X) under a random reward: 0.285, -0.33 [-0.39, -0.26]: REFUTED - the reasoning gets more
//     deterministic, not just less prompt-dependent (known refutation below).
//   I(X;Z) verifier 3.36 vs random 2.82: +0.54 [-0.15, 1.24], inconclusive (~30 seeds for 80% power).
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { RANDOM, TRANSFORMER_REGIME, VERIFIER } from './regime.js'

ablation('template-collapse', { organism: 'qwen-math-7b-like', ...TRANSFORMER_REGIME }, () => {
  const random = arm('random reward', { reward: RANDOM })
  const verifier = arm('verifier reward', { reward: VERIFIER })

  hypothesis('I(X;Z) falls under a random reward', () => expectArm(random).on('mutual_information').toDecrease())
  hypothesis.fails('H(Z|X) holds under a random reward', () => expectArm(random).on('conditional_entropy').toBeUnchanged({ margin: 0.1 }))
  hypothesis('I(X;Z) ends higher under the verifier than under a random reward', () => expectArm(verifier).on('mutual_information').toBeGreaterThan(random))
})
