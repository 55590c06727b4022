// Backend selection, in one place. Order: tfjs-node (native) when it loads, else WASM, else the
// pure-JS cpu backend. RLVR_BACKEND=node|wasm|cpu forces one; a forced backend that cannot load
// throws. The chosen name is recorded with every result (it is part of the cache key).
import * as tf from '@tensorflow/tfjs'
import { createRequire } from 'node:module'

export type BackendName = 'node' | 'wasm' | 'cpu'
const TF_NAMES: Record<BackendName, string> = { node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' }
const ORDER: BackendName[] = ['node', 'wasm', 'cpu']

let chosen: BackendName | undefined
let pending: Promise<BackendName> | undefined

async function tryLoad(name: BackendName): Promise<string | undefined> {
  try {
    if (name === 'node') {
      // optionalDependency: absent on machines where its native download failed.
      createRequire(import.meta.url)('@tensorflow/tfjs-node')
    } else if (name === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm')
    }
    const ok = await tf.setBackend(TF_NAMES[name])
    if (!ok) return `tf.setBackend('${TF_NAMES[name]}') returned false`
    await tf.ready()
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0] : String(err)
  }
}

/** Initialise tfjs once per process and return the backend in use. */
export function initBackend(): Promise<BackendName> {
  pending ??= (async () => {
    const forced = process.env.RLVR_BACKEND?.trim()
    if (forced) {
      if (!ORDER.includes(forced as BackendName)) {
        throw new Error(`RLVR_BACKEND='${forced}' is not a backend: use one of ${ORDER.join(', ')}, or unset it to pick automatically`)
      }
      const why = await tryLoad(forced as BackendName)
      if (why !== undefined) {
        throw new Error(`RLVR_BACKEND=${forced} was forced but cannot load (${why}). ` +
          (forced === 'node' ? '@tensorflow/tfjs-node is optional and needs its native library; ' : '') +
          'unset RLVR_BACKEND to fall back automatically')
      }
      chosen = forced as BackendName
      return chosen
    }
    for (const name of ORDER) {
      if ((await tryLoad(name)) === undefined) return (chosen = name)
    }
    throw new Error('no tfjs backend could be loaded (tried node, wasm, cpu)')
  })()
  return pending
}

/** The backend chosen by initBackend; throws if it has not run. */
export function currentBackend(): BackendName {
  if (!chosen) throw new Error('initBackend() has not been awaited yet')
  return chosen
}
