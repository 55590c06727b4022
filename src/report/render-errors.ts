// One line per row that could not be evaluated (verdict 'error'): its message, so the table says why.
import { makeChalk } from './color.js'
import type { RenderOptions } from './render-options.js'
import type { HypothesisResult } from './types.js'

export function renderErrorNotes(results: readonly HypothesisResult[], opts: RenderOptions): string | null {
  const c = makeChalk(opts.color)
  const lines = results.filter((r) => r.verdict === 'error')
    .map((r) => `  ${c.red('✖')} error · ${r.hypothesis}: ${r.reason.replace(/\n\s*/g, ' · ')}`)
  return lines.length ? lines.join('\n') : null
}
