// For arms whose runs were read from files: how many runs each read, so nothing is silently dropped;
// what the readers noticed (warnings); and, for a mean over a window of a sparse log, which steps it used.
import type { RenderOptions } from './render-options.js'
import type { HypothesisResult } from './types.js'

export function renderSources(results: readonly HypothesisResult[], _opts: RenderOptions): string | null {
  const lines: string[] = []
  const seen = new Set<string>()
  for (const r of results) {
    for (const a of r.arms) {
      if (a.source && !seen.has(a.name)) {
        seen.add(a.name)
        lines.push(`  arm '${a.name}': ${a.source}`)
        for (const w of a.warnings ?? []) lines.push(`    warning: ${w}`)
      }
      if (a.stepsUsed) lines.push(`  ${r.hypothesis} · ${r.metric} · arm '${a.name}': ${stepsText(a.seeds, a.stepsUsed)}`)
    }
  }
  return lines.length ? lines.join('\n') : null
}

/** "averages steps 10, 20 (every seed)" or per seed when they differ. */
function stepsText(seeds: number[], used: number[][]): string {
  const list = (s: number[]) => (s.length > 10 ? `${s.slice(0, 5).join(', ')}, ..., ${s.at(-1)} (${s.length} steps)` : s.join(', '))
  const same = used.every((u) => u.join() === used[0].join())
  return same ? `averages the logged steps ${list(used[0])} (every seed)` : `averages the logged steps: ${used.map((u, i) => `seed ${seeds[i]}: ${list(u)}`).join('; ')}`
}
