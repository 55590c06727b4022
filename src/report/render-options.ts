// How the terminal renderers print: shared by render.ts and its sections (render-*.ts).
import type { ColorSupportLevel } from 'chalk'

export interface RenderOptions {
  /** false: plain text (no ANSI); true: basic colours; or an explicit chalk level 0-3. */
  color: boolean | ColorSupportLevel
  /**
   * Print wall times (default true). false masks them ("wall time (masked)") so output is
   * reproducible in snapshots.
   */
  timings?: boolean
}
