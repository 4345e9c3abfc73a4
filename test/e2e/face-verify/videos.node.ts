// Fake-camera videos for Chromium (--use-file-for-fake-video-capture), made with ffmpeg from
// the still fixtures of test/fixtures/faces:
// - `blink`: the photo with gentle head-sized drift and a synthetic blink (the eyes painted
//   over with the skin's colour and a lash line for 400 ms of every 2 s loop). It exercises
//   the blink detector; it is not a real person, and the README says so.
// - `still`: the same photo, motionless: a printed photo held still in front of the camera.
// - `drift`: the photo drifting as in `blink` but never blinking: a print held by a hand
//   that moves — movement of the whole picture is not a live face's movement.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { FACE_FIXTURES } from './face-page.node.js';

interface EyePatch {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** The skin just below that eye, as ffmpeg colour hex. */
  readonly skin: string;
}

export interface LiveFixture {
  readonly photo: string;
  /** Measured with Human 3.3.6's face mesh on the photo (landmarks 33/133/159/145 and 263/362/386/374), padded by a few pixels. */
  readonly eyes: readonly [EyePatch, EyePatch];
}

export const LIVE_FIXTURES = {
  hopper: {
    photo: 'hopper-live.jpg',
    eyes: [
      { x: 276, y: 149, w: 34, h: 18, skin: '0xFFA478' },
      { x: 349, y: 152, w: 37, h: 18, skin: '0xFFB08A' },
    ],
  },
  collins: {
    photo: 'collins-live.jpg',
    eyes: [
      { x: 380, y: 162, w: 39, h: 22, skin: '0xD8B096' },
      { x: 450, y: 159, w: 38, h: 22, skin: '0xE2BEA6' },
    ],
  },
} as const satisfies Record<string, LiveFixture>;

export type VideoKind = 'blink' | 'still' | 'drift';

const FPS = 15;
const LOOP_S = 2;
// Frames 12–17 of each 30-frame loop: eyes shut for 400 ms, open before and after.
const SHUT = `between(n\\,12\\,17)`;

function blinkFilters(eyes: LiveFixture['eyes']): string[] {
  return eyes.flatMap((e) => [
    `drawbox=x=${e.x}:y=${e.y}:w=${e.w}:h=${e.h}:color=${e.skin}:t=fill:enable='${SHUT}'`,
    // Shut lids meet low in the eye: a lash line at two thirds of its height reads as closed
    // to the mesh (openness ≈ 0.5 of open), one in the middle only as half-shut (≈ 0.65).
    `drawbox=x=${e.x + 3}:y=${e.y + Math.round(e.h * 0.64)}:w=${e.w - 6}:h=3:color=0x3A2A22:t=fill:enable='${SHUT}'`,
  ]);
}

/** Writes `<name>-<kind>.y4m` into `outDir` and returns its path. */
export function makeVideo(fixture: LiveFixture, kind: VideoKind, outDir: string): string {
  const out = path.join(outDir, `${path.basename(fixture.photo, '.jpg')}-${kind}.y4m`);
  // The photos are 680×510; the camera sees 640×480 of them. A live head drifts a little (one
  // cycle per loop, so the loop has no jump); a print held still does not move at all.
  const crop = kind !== 'still' ? `crop=640:480:x='20+10*sin(2*PI*t/${LOOP_S})':y='15+6*sin(2*PI*t/${LOOP_S})'` : 'crop=640:480:20:15';
  const filters = [...(kind === 'blink' ? blinkFilters(fixture.eyes) : []), crop, 'format=yuv420p'];
  execFileSync(
    'ffmpeg',
    ['-v', 'error', '-y', '-loop', '1', '-framerate', String(FPS), '-t', String(LOOP_S), '-i', path.join(FACE_FIXTURES, fixture.photo), '-vf', filters.join(','), '-pix_fmt', 'yuv420p', out],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return out;
}
