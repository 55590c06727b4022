// Two toy tasks for the engine's own checks (the calibrated organisms live beside them).
import type { Problem, Task, Parsed } from './task.js'

/**
 * The mode organism (docs/organisms.md#toy-linear-the-mode-organism), as a task for the `linear` policy.
 * A completion is two tokens: a reasoning mode (token m < modes.length), then an answer token:
 * token modes.length is the right answer, the next ones are wrong answers. Prompts are one token,
 * the problem's index (the linear policy reads its fixed features). The answer to every problem is
 * the right-answer token, so accuracy is P(right | mode) averaged over modes.
 */
export function modeTask(opts: { modes: string[]; wrongAnswers: number; numPrompts: number; numEval: number }): Task {
  const M = opts.modes.length
  const K = 1 + opts.wrongAnswers
  const right = String(M)
  const problems = (n: number, offset: number): Problem[] =>
    Array.from({ length: n }, (_, i) => ({ id: i, prompt: Int32Array.of(offset + i), answer: right }))
  return {
    name: 'modes',
    modes: opts.modes,
    vocabSize: M + K,
    promptLength: 1,
    maxCompletionLength: 2,
    // The linear policy always writes exactly two tokens; EOS/PAD are never emitted.
    eosToken: -1,
    padToken: -1,
    train: problems(opts.numPrompts, 0),
    eval: problems(opts.numEval, opts.numPrompts),
    parse(_p: Problem, c: ArrayLike<number>): Parsed {
      const mode = c[0] >= 0 && c[0] < M ? opts.modes[c[0]] : null
      const ans = c.length > 1 && c[1] >= M && c[1] < M + K ? String(c[1]) : null
      return { mode, boxed: ans !== null, answer: ans, length: 2 }
    },
    // The mode token is the whole of the reasoning.
    reasoningSpan: () => [0, 1],
  }
}

/**
 * Successor digits, for a transformer trained from scratch: prompt [BOS, d], the answer is
 * (d + 1) mod 10 written as the first completion token; EOS ends the completion. A random
 * transformer is right about 1/13 of the time, so a verifier reward has something to climb.
 */
export function successorTask(): Task {
  const BOS = 10, EOS = 11, PAD = 12
  const digits = Array.from({ length: 10 }, (_, d) => d)
  const mk = (ds: number[]): Problem[] =>
    ds.map((d, id) => ({ id, prompt: Int32Array.of(BOS, d), answer: String((d + 1) % 10) }))
  return {
    name: 'successor',
    modes: [],
    vocabSize: 13,
    promptLength: 2,
    maxCompletionLength: 3,
    eosToken: EOS,
    padToken: PAD,
    // All ten digits in both splits: the toy checks learning, not generalisation.
    train: mk(digits),
    eval: mk(digits),
    parse(_p: Problem, c: ArrayLike<number>): Parsed {
      let length = c.length
      for (let i = 0; i < c.length; i++) if (c[i] === EOS) { length = i + 1; break }
      const first = c[0]
      return { mode: null, boxed: false, answer: first >= 0 && first < 10 ? String(first) : null, length }
    },
  }
}
