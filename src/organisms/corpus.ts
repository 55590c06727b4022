// The pretraining corpus of the arithmetic organisms: every problem's corpus tree as weighted sequences.
import type { ArithmeticTable, ProblemInfo } from './arithmetic-table.js'
import { canonicalCompletion, COMPLETION_LENGTH, promptTokens, PROMPT_LENGTH, type ArithmeticVocab } from './arithmetic-tokens.js'
import type { ArithmeticSpec } from './spec.js'

/** The corpus tree of every problem as weighted sequences (one row per leaf: mode x box x candidate). */
export interface Corpus {
  /** Row-major [rows, PROMPT_LENGTH]. */
  prompts: Int32Array
  /** Row-major [rows, COMPLETION_LENGTH]. */
  completions: Int32Array
  /** [rows, COMPLETION_LENGTH]: the leaf's probability on its tokens up to EOS, 0 after. */
  weights: Float32Array
  /**
   * [rows, COMPLETION_LENGTH]: the training weights, the same conditional targets at every node of
   * the tree with more emphasis on rare branches: each mode's subtree (prior > 0) weighs the same
   * after the mode token, and boxed and unboxed answers weigh the same after the box decision.
   * A node's leaves keep their true relative weights, so the optimum (the corpus) does not move.
   */
  trainWeights: Float32Array
  /** Rows of problem i (in table.all order): rowStart[i] .. rowStart[i + 1]. */
  rowStart: Int32Array
  /** Entropy of each problem's corpus (nats per sequence): the floor of the expected cross-entropy. */
  entropy: Float64Array
}

/** One tail of a (mode, box, candidate) branch of the corpus tree: the completion, its probability given the branch, its last position. */
export interface CorpusTail {
  comp: Int32Array
  p: number
  /** Position of its last token (EOS, or the last slot of a truncated completion). */
  end: number
}

/**
 * The corpus of a family whose tree is mode x box x candidate answer, then each branch's tails (the fixed-length
 * family: the canonical completion alone; the length family: its CHECK tails). A branch weighs
 * P(mode | problem) x P(box) x P(candidate | mode); the training emphasis (Corpus.trainWeights) is the same
 * for every family, times the tail's probability.
 */
export function treeCorpus(spec: ArithmeticSpec, table: ArithmeticTable, v: ArithmeticVocab, L: number,
  tails: (inf: ProblemInfo, m: number, boxed: boolean, answer: number, c: number) => CorpusTail[]): Corpus {
  const P = PROMPT_LENGTH
  const leaves: { info: ProblemInfo; comp: Int32Array; w: number; wMode: number; wAnswer: number; end: number }[] = []
  const active = spec.prior.filter((p) => p > 0).length
  const rowStart = new Int32Array(table.all.length + 1)
  const entropy = new Float64Array(table.all.length)
  table.all.forEach((inf, i) => {
    rowStart[i] = leaves.length
    spec.modes.forEach((_m, m) => {
      for (const boxed of [true, false]) {
        const pb = boxed ? spec.formatRate : 1 - spec.formatRate
        inf.answers.forEach((x, c) => {
          const q = inf.answerProbs[m][c]
          const w0 = inf.modeProbs[m] * pb * q
          if (w0 <= 0) return
          for (const t of tails(inf, m, boxed, x, c)) {
            const w = w0 * t.p
            if (w <= 0) continue
            // emphasis: 1/active per mode subtree; 1/2 per box branch after the box decision (times the tail's probability)
            leaves.push({ info: inf, comp: t.comp, w, wMode: ((pb * q) / active) * t.p, wAnswer: (q / active / 2) * t.p, end: t.end })
            entropy[i] -= w * Math.log(w)
          }
        })
      }
    })
  })
  rowStart[table.all.length] = leaves.length
  const R = leaves.length
  const prompts = new Int32Array(R * P), completions = new Int32Array(R * L), weights = new Float32Array(R * L), trainWeights = new Float32Array(R * L)
  leaves.forEach((leaf, r) => {
    prompts.set(promptTokens(v, leaf.info), r * P)
    completions.set(leaf.comp, r * L)
    for (let s = 0; s <= leaf.end; s++) {
      weights[r * L + s] = leaf.w
      // position 0: the mode choice; 1..4: the mode's reasoning and the box decision; 5..: after it
      trainWeights[r * L + s] = s === 0 ? leaf.w : s <= 4 ? leaf.wMode : leaf.wAnswer
    }
  })
  return { prompts, completions, weights, trainWeights, rowStart, entropy }
}

/** The fixed-length family's corpus: one canonical completion per branch. */
export function arithmeticCorpus(spec: ArithmeticSpec, table: ArithmeticTable): Corpus {
  const v = table.vocab
  return treeCorpus(spec, table, v, COMPLETION_LENGTH, (inf, m, boxed, x) => {
    const comp = canonicalCompletion(v, m, inf, boxed, x)
    return [{ comp, p: 1, end: comp.indexOf(v.eos) }]
  })
}
