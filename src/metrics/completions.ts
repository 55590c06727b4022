// Metrics of a batch of parsed completions: accuracy, mode rates, format rate, length.
// Keys are namespaced as they appear in reports: `${prefix}/accuracy`, `${prefix}/mode_rate/code`, ...
import type { Parsed, Problem, Task } from '../organisms/task.js'
import { isCorrect } from '../organisms/task.js'

/** Mean length of right and of wrong (including truncated) completions, and the gap; NaN where a side is empty. */
export function lengthSplit(items: { problem: Problem; parsed: Parsed }[], prefix: string): Record<string, number> {
  let nr = 0, lr = 0, nw = 0, lw = 0
  for (const { problem, parsed } of items) {
    if (isCorrect(problem, parsed)) { nr++; lr += parsed.length } else { nw++; lw += parsed.length }
  }
  const right = nr ? lr / nr : NaN, wrong = nw ? lw / nw : NaN
  return { [`${prefix}/length_correct`]: right, [`${prefix}/length_incorrect`]: wrong, [`${prefix}/length_gap`]: wrong - right }
}

export function completionMetrics(task: Task, items: { problem: Problem; parsed: Parsed; eos: boolean }[], prefix: string): Record<string, number> {
  const n = items.length
  let correct = 0, boxed = 0, length = 0, truncated = 0
  const modeCount: Record<string, number> = Object.fromEntries(task.modes.map((m) => [m, 0]))
  for (const { problem, parsed, eos } of items) {
    correct += Number(isCorrect(problem, parsed))
    boxed += Number(parsed.boxed)
    length += parsed.length
    truncated += Number(!eos)
    if (parsed.mode !== null && parsed.mode in modeCount) modeCount[parsed.mode]++
  }
  const out: Record<string, number> = {
    [`${prefix}/accuracy`]: correct / n,
    [`${prefix}/format_rate`]: boxed / n,
    [`${prefix}/mean_length`]: length / n,
    [`${prefix}/truncated_frac`]: truncated / n,
  }
  for (const m of task.modes) out[`${prefix}/mode_rate/${m}`] = modeCount[m] / n
  if (task.variableLength) Object.assign(out, lengthSplit(items, prefix))
  return out
}
