// Metrics of a batch of parsed completions: accuracy, mode rates, format rate, length.
// Keys are namespaced as they appear in reports: `${prefix}/accuracy`, `${prefix}/mode_rate/code`, ...
import type { Parsed, Problem, Task } from '../organisms/task.js'
import { isCorrect } from '../organisms/task.js'

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
  return out
}
