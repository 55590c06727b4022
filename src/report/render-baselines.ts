// One line per hypothesis whose baseline check is not a plain match: regression, moved, new, updated;
// and one for the baseline's entries that no hypothesis of the file declares any more.
import { makeChalk } from './color.js'
import type { RenderOptions } from './render-options.js'
import type { HypothesisResult } from './types.js'

export function renderBaselineNotes(results: readonly HypothesisResult[], opts: RenderOptions): string | null {
  const c = makeChalk(opts.color)
  const mark = { regression: c.red('✖'), moved: c.yellow('!'), new: c.cyan('+'), updated: c.cyan('~'), match: '' } as const
  const lines = results.filter((r) => r.baseline && r.baseline.status !== 'match')
    .map((r) => `  ${mark[r.baseline!.status]} baseline · ${r.hypothesis}: ${r.baseline!.message}`)
  const stale = results.find((r) => r.baseline?.stale?.length)?.baseline!.stale
  if (stale) {
    lines.push(`  ${c.yellow('!')} baseline · entries for hypotheses the file no longer declares: ${stale.map((h) => `'${h}'`).join(', ')}` +
      ' (kept; rerun the file with -u to remove them)')
  }
  return lines.length ? lines.join('\n') : null
}
