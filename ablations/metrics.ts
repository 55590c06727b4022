// Custom metrics the ablations share (the transformer suite and its linear twins): one definition,
// so a twin measures exactly what its headline measures.
import type { RunRecord } from 'rlvr-ablate'

/** An eval metric after RL minus before (step 0 is the untrained organism), e.g. 'eval/accuracy'. */
export const evalGain = (key: string) => (run: RunRecord): number =>
  run.evals.at(-1)!.metrics[key] - run.evals[0].metrics[key]

/** Held-out accuracy gain: "does not raise accuracy" is this gain below a bound. */
export const accuracyGain = evalGain('eval/accuracy')

/** Where the clip acts: clipped share of rare tokens (pi_old 0.05-0.20) minus common ones (0.80-0.95), mean over steps. */
export function clipRareMinusCommon(run: RunRecord): number {
  const mean = (k: string) => { const v = run.history.map((h) => h[k]).filter(Number.isFinite); return v.reduce((a, b) => a + b, 0) / v.length }
  return mean('loss/clip_frac_by_pold/0.05-0.20') - mean('loss/clip_frac_by_pold/0.80-0.95')
}
