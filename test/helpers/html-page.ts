// Reading a rendered HTML report back, for tests: its chart placeholders and embedded specs.
import type { TopLevelSpec } from 'vega-lite'

/** Charts a page will draw (its spec ids), for tests: the data-rlvr-chart placeholders in order. */
export function chartPlaceholders(html: string): { id: string; kind: string }[] {
  return [...html.matchAll(/data-rlvr-chart="([^"]+)" data-kind="([^"]+)"/g)].map((m) => ({ id: m[1], kind: m[2] }))
}

/** The specs embedded in a page, by id. */
export function embeddedSpecs(html: string): Record<string, TopLevelSpec> {
  const m = /<script type="application\/json" id="rlvr-chart-specs">([\s\S]*?)<\/script>/.exec(html)
  if (!m) throw new Error('no chart specs in this page')
  return JSON.parse(m[1]) as Record<string, TopLevelSpec>
}
