// @vladmandic/human configured for the kiosk: WASM backend (the kiosk's Chromium may have no
// GPU), every model and .wasm file from the kiosk's own origin, one face, and no caching
// between calls — the frames of a liveness step must each be measured, not reused.
import type { Config } from '@vladmandic/human';

export interface HumanAssets {
  /** URL of the folder holding @vladmandic/human's models/ (blazeface, facemesh, faceres, antispoof, liveness). */
  readonly modelsUrl: string;
  /** URL of the folder holding @tensorflow/tfjs-backend-wasm's dist/*.wasm, same version as Human's bundled tfjs. */
  readonly wasmUrl: string;
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
const off = { enabled: false } as const;
const everyTime = { skipFrames: 0, skipTime: 0 } as const;

/** Loads all the models a check uses, once. */
export function baseConfig(assets: HumanAssets): Partial<Config> {
  return {
    backend: 'wasm',
    wasmPath: withSlash(assets.wasmUrl),
    modelBasePath: withSlash(assets.modelsUrl),
    debug: false,
    // IndexedDB would keep a copy of the models outside the install; the kiosk serves them from disk.
    cacheModels: false,
    cacheSensitivity: 0,
    warmup: 'none',
    // The image filters run on WebGL, which a GPU-less kiosk may not have.
    filter: { enabled: false },
    gesture: off,
    body: off,
    hand: off,
    object: off,
    segmentation: off,
    face: {
      enabled: true,
      detector: { ...everyTime, rotation: true, maxDetected: 1, minConfidence: 0.5, return: false },
      mesh: { enabled: true },
      iris: { ...everyTime, enabled: true },
      description: { ...everyTime, enabled: true },
      antispoof: { ...everyTime, enabled: true },
      liveness: { ...everyTime, enabled: true },
      emotion: off,
      attention: off,
      gear: off,
    },
  };
}

// Human merges a detect() call's config into the instance's and keeps it, so each pass
// states every model it switches, not only the ones that differ from the last pass.
function pass(on: { iris: boolean; description: boolean; spoofModels: boolean; maxFaces?: number }): Partial<Config> {
  return {
    face: {
      detector: { maxDetected: on.maxFaces ?? 1 },
      iris: { enabled: on.iris },
      description: { enabled: on.description },
      antispoof: { enabled: on.spoofModels },
      liveness: { enabled: on.spoofModels },
    },
  };
}

/** A liveness frame: where the face is, its mesh (eyelids, with the iris model's finer eye contour) and pose. */
export const frameConfig = pass({ iris: true, description: false, spoofModels: false });

/** The card's photo: only the embedding matters; a card photo is a photo by nature. */
export const idPhotoConfig = pass({ iris: false, description: true, spoofModels: false });

/** The live photo: embedding plus the anti-spoof and liveness models' view of it. */
export const livePhotoConfig = pass({ iris: false, description: true, spoofModels: true });

/** How many faces a frame shows ("only you, please"): detection and mesh only, up to a few faces. */
export const countConfig = pass({ iris: false, description: false, spoofModels: false, maxFaces: 4 });

/** The embedding step alone, the benchmark's baseline: what any verifier must do per photo. */
export const embedOnlyConfig = idPhotoConfig;
