// The controls table of each claim: control, present, the arm that played it, treatment minus
// control with its interval, adjusted p, verdict. A missing control is shown, not hidden.
import Table from 'cli-table3'
import { makeChalk } from './color.js'
import { formatEstimate, formatP } from './format.js'
import type { RenderOptions } from './render-options.js'
import type { HypothesisResult } from './types.js'

export function renderControlsTable(results: readonly HypothesisResult[], opts: RenderOptions): string | null {
  const c = makeChalk(opts.color)
  const claims = results.filter((r) => r.kind === 'claim' && r.controls?.length)
  if (claims.length === 0) return null
  const colour = (v: string) => (v === 'supported' ? c.green(v) : v === 'refuted' || v === 'missing' ? c.red(v) : v === 'invalid control' ? c.magenta(v) : c.yellow(v))
  return claims.map((r) => {
    const table = new Table({
      head: ['control', 'present', 'arm', 'treatment - control', 'p adj', 'verdict'].map((h) => c.bold(h)),
      style: { head: [], border: [] },
    })
    for (const k of r.controls!) {
      table.push([
        k.control, k.present ? 'yes' : c.red('no'),
        k.arm === null ? (k.present ? '(step 0)' : '-') : `${k.arm}${k.derived ? ' (derived)' : ''}`,
        k.difference ? formatEstimate(k.difference, true) : '-',
        k.pAdjusted === null ? '-' : formatP(k.pAdjusted), colour(k.verdict),
      ])
    }
    return `Claim: ${r.hypothesis} — ${colour(r.verdict)} (${r.reason})\n${table.toString()}`
  }).join('\n')
}
