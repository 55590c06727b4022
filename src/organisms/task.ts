// What a task is to the engine: fixed-length prompts with a known answer, a completion parser,
// and the reasoning modes a completion can be in. Rewards and metrics read the parsed completion.
import type { Policy, TaskShape } from '../engine/policy.js'

export interface Problem {
  /** Index within its split. */
  id: number
  /** promptLength token ids. */
  prompt: Int32Array
  /** The verifier's answer, as a string. */
  answer: string
}

/** What a completion says, as the verifier and the mode metrics read it. */
export interface Parsed {
  /** Reasoning mode (one of Task.modes), or null if the completion names none. */
  mode: string | null
  /** A boxed-answer marker is present (what a format reward checks). */
  boxed: boolean
  /** The extracted answer, or null if none could be read. */
  answer: string | null
  /** Completion tokens up to and including EOS. */
  length: number
}

export interface Task extends TaskShape {
  name: string
  /** Reasoning modes, in the order metrics report them (e.g. ['code', 'nl']). */
  modes: string[]
  train: Problem[]
  eval: Problem[]
  parse(problem: Problem, completion: ArrayLike<number>): Parsed
  /** Completions vary in length (the length family): completion metrics add the lengths of right and wrong ones. */
  variableLength?: boolean
  /** Positions [start, end) of the reasoning tokens Z in a completion (for template collapse). */
  reasoningSpan?(completion: ArrayLike<number>): [number, number]
  /**
   * Exact per-prompt, per-mode probabilities read by teacher-forcing the canonical completions
   * (no sampling noise); tasks without it are evaluated by sampling.
   */
  exact?(policy: Policy, problems: Problem[], temperature: number): ExactEval
  /** The policy's exact probability of each of a problem's candidate answers (right answer first). */
  answerDistribution?(policy: Policy, problems: Problem[], temperature: number): AnswerDistribution
}

/** Row-major [problems, modes] arrays. */
export interface ExactEval {
  /** P(mode | prompt). */
  mode: Float64Array
  /** P(right answer | prompt, mode), over completions whose reasoning is canonical (a lower bound on the parsed accuracy). */
  correct: Float64Array
  /** P(boxed | prompt, mode), over completions whose reasoning is canonical. */
  boxed: Float64Array
  /** P(the mode's canonical reasoning tokens | prompt, mode): how much of the mass the exact figures cover. */
  canonical: Float64Array
  /** Variable-length tasks: P(a canonical completion | prompt, mode), the mass the length figures below cover. */
  covered?: Float64Array
  /** E[length; canonical | prompt, mode] (tokens, truncated completions count the full length). */
  lengthMass?: Float64Array
  /** E[length; right answer | prompt, mode]. */
  correctLengthMass?: Float64Array
  /** P(truncated, canonical | prompt, mode). */
  truncated?: Float64Array
}

/** Per problem: candidate answers (the right one first) and the probability of each. */
export type AnswerDistribution = { answers: string[]; probs: number[] }[]

export const isCorrect = (problem: Problem, parsed: Parsed): boolean =>
  parsed.answer !== null && parsed.answer === problem.answer
