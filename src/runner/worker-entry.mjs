// Worker threads start without vitest's or tsx's loaders: register tsx, then load the TS worker.
import { register } from 'tsx/esm/api'
register()
await import('./worker.ts')
