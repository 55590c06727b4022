// Spurious Rewards (Shao et al., arXiv:2506.10947) on qwen-math-7b-spread-like: ground truth, majority vote,
// one-shot, incorrect label, random and format rewards each raise accuracy over the untrained
// organism (the paper: +29.1, +27.1, +26.0, +24.1, +21.4, +13.8 points on MATH-500 for
// Qwen2.5-Math-7B); ground truth gains the most; the code rate rises under a random reward.
//
// Settings: the shared regime with the headline's sequential seeds plan (./regime.ts, HEADLINE_REGIME:
// looks at 8 .. 48 seeds, seeds 200-247); the organism is qwen-math-7b-like with a prompt-dependent
// mode prior (each problem its own code probability around the same mean; the spread pilots of
// docs/history.md). Minimum effects, declared with the plan: a reward "raises accuracy" only by at
// least 0.01 (the paper's gains are 14-29 points), and the code rate "rises" by at least 0.05; an
// interval below them stops the hypothesis for futility. "Over the untrained organism" is the held-out accuracy
// after RL minus before RL (exact teacher-forced evaluation, step 0 = the shipped weights), paired
// per run. The incorrect label is the pre-RL model's own majority answer on prompts where that
// majority is wrong (the paper's construction); majority vote uses the majority of 64 pre-RL samples.
// Known refutations: the incorrect label lowers accuracy here. The model's own wrong majorities are
// likelier in NL, so rewarding them drives the policy to NL (also in the linear twin). One-shot and
// format lower it too: both were open at look 1 and decided refuted at look 2 of the plan (16 seeds;
// their estimates were already negative on seeds 100-107), and were declared known refutations
// after that look (2026-12-06), so the suite keeps them: a change that flips either one fails.
// Nothing else changed: same plan, seeds and minimum effects.
// Inconclusive verdicts are skipped, not failed (visible in the table).
// Verdicts and figures: docs/results.md (generated); the first 8-seed run (seeds 100-107,
// qwen-math-7b-like): docs/history.md.
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { FORMAT, HEADLINE_REGIME, RANDOM, VERIFIER } from './regime.js'

ablation('spurious-rewards', { organism: 'qwen-math-7b-spread-like', ...HEADLINE_REGIME }, () => {
  const truth = arm('ground truth', { reward: VERIFIER })
  const others = [
    arm('majority vote', { reward: { kind: 'majority-vote' } }),
    arm('one-shot', { reward: { kind: 'one-shot' } }),
    arm('incorrect label', { reward: { kind: 'incorrect-label' } }),
    arm('random', { reward: RANDOM }),
    arm('format', { reward: FORMAT }),
  ]
  hypothesis('ground truth raises accuracy', () => expectArm(truth).on('accuracy').toIncrease({ difference: 0.01 }))
  for (const r of others) {
    const declare = ['incorrect label', 'one-shot', 'format'].includes(r.name) ? hypothesis.fails : hypothesis
    declare(`${r.name} raises accuracy`, () => expectArm(r).on('accuracy').toIncrease({ difference: 0.01 }))
    hypothesis(`ground truth gains more than ${r.name}`, () => expectArm(truth).on('accuracy').toBeGreaterThan(r))
  }
  hypothesis('the code rate rises under a random reward', () => expectArm(others[3]).on('mode_rate:code').toIncrease({ difference: 0.05 }))
})
