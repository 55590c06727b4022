// For arms whose runs were read from files: how many runs each read, so nothing is silently dropped.
import type { RenderOptions } from './render.js'
import type { HypothesisResult } from './types.js'

export function renderSources(results: readonly HypothesisResult[], _opts: RenderOptions): string | null {
  const seen = new Map<string, string>()
  for (const r of results) for (const a of r.arms) if (a.source && !seen.has(a.name)) seen.set(a.name, a.source)
  return seen.size ? [...seen].map(([arm, src]) => `  arm '${arm}': ${src}`).join('\n') : null
}
