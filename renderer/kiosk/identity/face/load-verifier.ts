// The kiosk's face verifier, loaded on demand: @vladmandic/human and tfjs are megabytes of
// script, so they live in their own chunk that only a journey with a face check fetches, and
// the kiosk's start-up does not wait for them. The models and .wasm files are the ones the
// kiosk build copies from node_modules (vite.config.ts, faceCheckAssets); nothing comes from
// the network.
import type { FaceVerifier } from '../../../../protocol/face-check.js';

/** Where the build puts Human's models and tfjs's binaries, relative to the kiosk page. */
export const FACE_ASSET_PATHS = { models: 'face/models/', wasm: 'assets/' } as const;

let loading: Promise<FaceVerifier> | null = null;

/**
 * One verifier per page: the models take seconds to load and are the same for every customer.
 * A failed load is forgotten so the next journey tries again.
 */
export function loadKioskFaceVerifier(): Promise<FaceVerifier> {
  loading ??= import('./human-verifier.dom.js')
    .then(({ createHumanVerifier }) =>
      createHumanVerifier({
        modelsUrl: new URL(FACE_ASSET_PATHS.models, document.baseURI).href,
        wasmUrl: new URL(FACE_ASSET_PATHS.wasm, document.baseURI).href,
      }),
    )
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}
