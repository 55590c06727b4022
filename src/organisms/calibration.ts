// How well an organism reproduces its spec, on the held-out split: exact figures (teacher-forced
// canonical completions, no sampling error) and a sampled cross-check (temperature 1) with standard
// errors. Rare modes are cross-checked by forcing the mode token (a transformer that reads
// prompt + MODE as its prompt, same weights) instead of sampling 100k+ completions.
import type { Policy, Weights } from '../engine/policy.js'
import { createTransformerPolicy } from '../policies/transformer.js'
import { makeRng } from '../util/rng.js'
import { corpusStats, type ArithmeticTask } from './arithmetic.js'
import { buildOrganism } from './index.js'
import type { ArithmeticSpec } from './spec.js'
import { isCorrect } from './task.js'

export interface CalibrationReport {
  modes: string[]
  /** The spec's figures on the held-out split. */
  target: {
    modeRate: number[]; accuracy: number[]; formatRate: number; wrongMajority: number
    /** Std over prompts of the log-odds between the first two active modes (0 without modeSpread; NaN with < 2 active modes). */
    modeLogOddsSd: number
  }
  exact: {
    modeRate: number[]
    /** P(right | mode), mode-weighted over prompts. */
    accuracy: number[]
    /** P(right). */
    overall: number
    formatRate: number
    /** Share of the mass on canonical reasoning (what the exact figures cover). */
    canonicalMass: number
    /** Share of prompts whose most likely answer is wrong. */
    wrongMajority: number
    /** Share of prompts whose most likely wrong answer is the spec's preferred wrong answer. */
    preferredError: number
    /** Mean |P(right | prompt, mode) - target| over prompts and modes with prior > 0. */
    perProblemError: number
    /** Mean |P(mode | prompt) - target| over prompts and modes with prior > 0 (the prompt-dependent prior's fit). */
    perProblemModeError: number
    /** As target.modeLogOddsSd, of the policy's P(mode | prompt). */
    modeLogOddsSd: number
  }
  sampled?: SampledCalibration
}

export interface SampledCalibration {
  modeRate: number[]
  modeRateSe: number[]
  /** P(right | mode): from mode-forced samples (transformer) or from the samples in that mode (linear). */
  accuracy: number[]
  accuracySe: number[]
  formatRate: number
  formatRateSe: number
  /** Samples behind each figure. */
  n: { modeRate: number; accuracy: number[] }
  method: string
}

const se = (p: number, n: number) => (n > 0 ? Math.sqrt(Math.max(p * (1 - p), 0) / n) : NaN)

/** Exact (and optionally sampled) calibration of an organism's task + policy on the held-out split. */
export function measureCalibration(spec: ArithmeticSpec, task: ArithmeticTask, policy: Policy, opts: { sampled?: boolean; samplesPerPrompt?: number } = {}): CalibrationReport {
  const problems = task.eval
  const M = spec.modes.length, n = problems.length
  const infos = problems.map((p) => task.info(p))
  // With a prompt-dependent mode prior (spec.modeSpread) the held-out problems' mean P(mode) is the
  // target (the prior is the mean over all problems), and P(right | mode) is weighted by P(mode | problem)
  // as the exact figure is; without it both reduce to the prior and the plain mean.
  const modeMass = spec.modes.map((_m, m) => infos.reduce((s, i) => s + i.modeProbs[m], 0))
  const target = {
    modeRate: spec.modeSpread === undefined ? spec.prior.slice() : modeMass.map((w) => w / n),
    accuracy: spec.modes.map((_m, m) => spec.modeSpread === undefined || modeMass[m] === 0
      ? infos.reduce((s, i) => s + i.answerProbs[m][0], 0) / n
      : infos.reduce((s, i) => s + i.modeProbs[m] * i.answerProbs[m][0], 0) / modeMass[m]),
    formatRate: spec.formatRate,
    wrongMajority: infos.filter((i) => corpusStats(spec, i).majority !== i.sum).length / n,
    modeLogOddsSd: logOddsSd(spec.prior, infos.map((i) => i.modeProbs)),
  }
  const e = task.exact(policy, problems, 1)
  const rate = new Array(M).fill(0), right = new Array(M).fill(0)
  let overall = 0, fmt = 0, canon = 0, perProblem = 0, perMode = 0, perCount = 0
  for (let i = 0; i < n; i++) for (let m = 0; m < M; m++) {
    const k = i * M + m
    rate[m] += e.mode[k] / n
    right[m] += (e.mode[k] * e.correct[k]) / n
    overall += (e.mode[k] * e.correct[k]) / n
    fmt += (e.mode[k] * e.boxed[k]) / n
    canon += (e.mode[k] * e.canonical[k]) / n
    if (spec.prior[m] > 0) {
      perProblem += Math.abs(e.correct[k] - infos[i].answerProbs[m][0])
      perMode += Math.abs(e.mode[k] - infos[i].modeProbs[m])
      perCount++
    }
  }
  const dist = task.answerDistribution(policy, problems, 1)
  let wrongMajority = 0, preferred = 0
  dist.forEach(({ probs }) => {
    const best = probs.indexOf(Math.max(...probs))
    wrongMajority += Number(best !== 0) / n
    const wrong = probs.slice(1)
    preferred += Number(wrong.indexOf(Math.max(...wrong)) === 0) / n
  })
  const report: CalibrationReport = {
    modes: spec.modes, target,
    exact: {
      modeRate: rate,
      accuracy: rate.map((r, m) => (r > 1e-30 ? right[m] / r : NaN)),
      overall, formatRate: fmt, canonicalMass: canon, wrongMajority, preferredError: preferred,
      perProblemError: perCount ? perProblem / perCount : 0,
      perProblemModeError: perCount ? perMode / perCount : 0,
      modeLogOddsSd: logOddsSd(spec.prior, infos.map((_x, i) => Array.from(e.mode.subarray(i * M, (i + 1) * M)))),
    },
  }
  if (opts.sampled) report.sampled = sampledCalibration(spec, task, policy, opts.samplesPerPrompt)
  return report
}

/** Std over prompts of log(P(a) / P(b)) for the first two modes with prior > 0 (NaN if there are fewer). */
function logOddsSd(prior: number[], probs: number[][]): number {
  const [a, b] = prior.flatMap((q, m) => (q > 0 ? [m] : []))
  if (b === undefined || probs.length < 2) return NaN
  const x = probs.map((p) => Math.log(p[a] / p[b]))
  const mean = x.reduce((s, v) => s + v, 0) / x.length
  return Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - 1))
}

function sampledCalibration(spec: ArithmeticSpec, task: ArithmeticTask, policy: Policy, perPromptOpt?: number): SampledCalibration {
  const problems = task.eval, M = spec.modes.length, n = problems.length, P = task.promptLength
  const linear = policy.kind === 'linear'
  // Linear sampling is cheap: sample enough that a 2% mode still gets ~3000 samples.
  const S = perPromptOpt ?? (linear ? 3000 : 48)
  const prompts = new Int32Array(n * S * P)
  problems.forEach((p, i) => { for (let s = 0; s < S; s++) prompts.set(p.prompt, (i * S + s) * P) })
  const roll = policy.sample(prompts, n * S, { temperature: 1, rng: makeRng(1, 'calibration-sampled') })
  const L = roll.length, N = n * S
  const count = new Array(M).fill(0), right = new Array(M).fill(0)
  let boxed = 0
  for (let b = 0; b < N; b++) {
    const problem = problems[Math.floor(b / S)]
    const parsed = task.parse(problem, roll.tokens.subarray(b * L, (b + 1) * L))
    boxed += Number(parsed.boxed)
    const m = parsed.mode === null ? -1 : spec.modes.indexOf(parsed.mode)
    if (m >= 0) { count[m]++; right[m] += Number(isCorrect(problem, parsed)) }
  }
  const modeRate = count.map((c) => c / N)
  const out: SampledCalibration = {
    modeRate, modeRateSe: modeRate.map((p) => se(p, N)),
    accuracy: right.map((r, m) => (count[m] ? r / count[m] : NaN)),
    accuracySe: right.map((r, m) => se(count[m] ? r / count[m] : 0, count[m])),
    formatRate: boxed / N, formatRateSe: se(boxed / N, N),
    n: { modeRate: N, accuracy: count.slice() },
    method: `${S} samples per prompt at temperature 1; accuracy per mode over the samples in that mode`,
  }
  if (linear || policy.kind !== 'transformer') return out
  // Transformer: P(right | mode) from samples conditioned on the mode token, for every mode.
  const forced = createForcedPolicy(task, policy)
  try {
    const v = task.vocab
    const infos = problems.map((p) => task.info(p))
    spec.modes.forEach((_name, m) => {
      // Forcing the mode writes it on every prompt alike; with a prompt-dependent prior (modeSpread) each
      // prompt's samples count by its P(mode | prompt), as in the exact figure (weight 1 otherwise).
      const w = infos.map((i) => (spec.modeSpread === undefined ? 1 : i.modeProbs[m]))
      const fp = new Int32Array(n * S * (P + 1))
      problems.forEach((p, i) => {
        for (let s = 0; s < S; s++) { fp.set(p.prompt, (i * S + s) * (P + 1)); fp[(i * S + s) * (P + 1) + P] = v.mode[m] }
      })
      const r = forced.sample(fp, n * S, { temperature: 1, rng: makeRng(2 + m, 'calibration-forced') })
      let ok = 0, mass = 0, mass2 = 0
      const comp = new Int32Array(L)
      for (let b = 0; b < N; b++) {
        const i = Math.floor(b / S)
        comp[0] = v.mode[m]
        comp.set(r.tokens.subarray(b * r.length, (b + 1) * r.length), 1)
        ok += w[i] * Number(isCorrect(problems[i], task.parse(problems[i], comp)))
        mass += w[i]
        mass2 += w[i] * w[i]
      }
      const nEff = mass > 0 ? (mass * mass) / mass2 : 0 // Kish's effective sample size (N with equal weights)
      out.accuracy[m] = mass > 0 ? ok / mass : NaN
      out.accuracySe[m] = se(out.accuracy[m], nEff)
      out.n.accuracy[m] = Math.round(nEff)
    })
    out.method = `${S} samples per prompt at temperature 1; accuracy per mode from ${S} samples per prompt with the mode token forced`
  } finally {
    forced.dispose()
  }
  return out
}

/** The same transformer reading prompt + MODE as its prompt (one token longer, same context). */
function createForcedPolicy(task: ArithmeticTask, policy: Policy): Policy {
  const w = policy.getWeights()
  const arch = task.spec.policy
  if (arch.kind !== 'transformer') throw new Error('mode forcing needs a transformer')
  const shape = { ...policy.shape, promptLength: policy.shape.promptLength + 1, maxCompletionLength: policy.shape.maxCompletionLength - 1 }
  const forced = createTransformerPolicy({ dModel: arch.dModel, nLayers: arch.nLayers, nHeads: arch.nHeads, dMlp: arch.dMlp, initStd: arch.initStd }, shape, 0)
  forced.setWeights(w)
  return forced
}

/** Build the organism (or use the given transformer weights) and measure it. */
export async function calibrationReport(spec: ArithmeticSpec, weights?: Weights, opts: { sampled?: boolean } = { sampled: true }): Promise<CalibrationReport> {
  const org = await buildOrganism(spec, { weights })
  try {
    return measureCalibration(spec, org.task as ArithmeticTask, org.policy, opts)
  } finally {
    org.policy.dispose()
  }
}

const pct = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1).padStart(5) : '    -')

/** A plain-text table of a report. */
export function formatCalibration(name: string, r: CalibrationReport): string {
  const rows: string[][] = [['figure', 'target', 'exact', 'sampled', 'SE']]
  r.modes.forEach((m, i) => rows.push([`mode rate ${m}`, pct(r.target.modeRate[i]), pct(r.exact.modeRate[i]), pct(r.sampled?.modeRate[i] ?? NaN), pct(r.sampled?.modeRateSe[i] ?? NaN)]))
  // a mode with prior 0 is never written: its accuracy target means nothing
  r.modes.forEach((m, i) => rows.push([`acc | ${m}`, pct(r.target.modeRate[i] > 0 ? r.target.accuracy[i] : NaN), pct(r.exact.accuracy[i]), pct(r.sampled?.accuracy[i] ?? NaN), pct(r.sampled?.accuracySe[i] ?? NaN)]))
  rows.push(['format rate', pct(r.target.formatRate), pct(r.exact.formatRate), pct(r.sampled?.formatRate ?? NaN), pct(r.sampled?.formatRateSe ?? NaN)])
  rows.push(['wrong majority', pct(r.target.wrongMajority), pct(r.exact.wrongMajority), '', ''])
  rows.push(['preferred error', '', pct(r.exact.preferredError), '', ''])
  rows.push(['canonical mass', '', pct(r.exact.canonicalMass), '', ''])
  rows.push(['|per-problem err|', '', pct(r.exact.perProblemError), '', ''])
  rows.push(['|per-problem mode err|', '', pct(r.exact.perProblemModeError), '', ''])
  const sd = (x: number) => (Number.isFinite(x) ? x.toFixed(2).padStart(5) : '    -')
  rows.push(['mode log-odds sd (logit)', sd(r.target.modeLogOddsSd), sd(r.exact.modeLogOddsSd), '', ''])
  const width = rows[0].map((_c, j) => Math.max(...rows.map((row) => row[j].length)))
  return [`  ${name} (held-out, %)`, ...rows.map((row) => '  ' + row.map((c, j) => (j === 0 ? c.padEnd(width[j]) : c.padStart(width[j]))).join('  '))].join('\n')
}
