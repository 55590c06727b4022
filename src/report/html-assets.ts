// The chart libraries the HTML report inlines: the UMD builds of vega, vega-lite and vega-embed, read
// from node_modules, so the page opens with no network.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The UMD builds inlined into the page (their source text). */
export interface ChartAssets {
  vega: string
  vegaLite: string
  vegaEmbed: string
}

const requireFromHere = createRequire(import.meta.url)

/** Absolute path of `file` in the build directory of `pkg` (the package's entry point lives there). */
function buildFile(pkg: string, file: string): string {
  return join(dirname(requireFromHere.resolve(pkg)), file)
}

/** Paths of the minified UMD builds in node_modules. */
export function chartAssetPaths(): Record<keyof ChartAssets, string> {
  return {
    vega: buildFile('vega', 'vega.min.js'),
    vegaLite: buildFile('vega-lite', 'vega-lite.min.js'),
    vegaEmbed: buildFile('vega-embed', 'vega-embed.min.js'),
  }
}

let cachedAssets: ChartAssets | undefined

/** Reads (once per process) the UMD builds of vega, vega-lite and vega-embed. */
export function loadChartAssets(): ChartAssets {
  if (!cachedAssets) {
    const paths = chartAssetPaths()
    cachedAssets = {
      vega: readFileSync(paths.vega, 'utf8'),
      vegaLite: readFileSync(paths.vegaLite, 'utf8'),
      vegaEmbed: readFileSync(paths.vegaEmbed, 'utf8'),
    }
  }
  return cachedAssets
}
