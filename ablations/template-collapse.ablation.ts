// Template collapse (RAGEN-2, arXiv:2604.06268): under a weak or random reward the reasoning Z loses
// its dependence on the prompt, I(X;Z) falls, while H(Z|X) holds; under the verifier it does not fall
// as far. Here Z is the whole reasoning of a completion (mode and reasoning tokens): code restates
// the problem (prompt-dependent), NL writes a fixed template (prompt-independent).
//
// Settings: the shared regime (./regime.ts), which estimates I(X;Z) in every run on 32 held-out
// prompts x 8 samples; the arms are the random-reward and ground-truth arms of spurious-rewards.
// H(Z|X) "holds": within ±0.1 nats of its pre-RL value.
// Known refutation: under a random reward H(Z|X) falls (the reasoning gets more deterministic, not
// just less prompt-dependent). I(X;Z) tends to rise, not fall, because the mode a random reward
// amplifies (code) restates the prompt: collapse in RAGEN-2's sense would need a prompt-independent
// favourite, and this organism's favourite is its most prompt-dependent behaviour.
// Verdicts and figures: docs/results.md (generated); the first 8-seed run: docs/history.md.
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { RANDOM, TRANSFORMER_REGIME, VERIFIER } from './regime.js'

ablation('template-collapse', { organism: 'qwen-math-7b-like', ...TRANSFORMER_REGIME }, () => {
  const random = arm('random reward', { reward: RANDOM })
  const verifier = arm('verifier reward', { reward: VERIFIER })

  hypothesis('I(X;Z) falls under a random reward', () => expectArm(random).on('mutual_information').toDecrease())
  hypothesis.fails('H(Z|X) holds under a random reward', () => expectArm(random).on('conditional_entropy').toBeUnchanged({ margin: 0.1 }))
  hypothesis('I(X;Z) ends higher under the verifier than under a random reward', () => expectArm(verifier).on('mutual_information').toBeGreaterThan(random))
})
