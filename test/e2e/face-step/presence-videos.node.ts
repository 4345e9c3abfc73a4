// Fake-camera videos for the face step's "who is in front of the camera" messages, made with
// ffmpeg like face-verify/videos.node.ts: two people side by side (the two fixtures' faces,
// each cropped to its half), and an empty grey picture with no one there.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { FACE_FIXTURES } from '../face-verify/face-page.node.js';

export type PresenceKind = 'two-people' | 'nobody';

/** Writes `<kind>.y4m` (640×480, 2 s at 15 fps) into `outDir` and returns its path. */
export function makePresenceVideo(kind: PresenceKind, outDir: string): string {
  const out = path.join(outDir, `${kind}.y4m`);
  const common = ['-v', 'error', '-y'];
  const encode = ['-t', '2', '-r', '15', '-pix_fmt', 'yuv420p', out];
  if (kind === 'nobody') {
    execFileSync('ffmpeg', [...common, '-f', 'lavfi', '-i', 'color=c=0x808890:s=640x480:r=15', ...encode], { stdio: ['ignore', 'ignore', 'inherit'] });
    return out;
  }
  // Both photos are 680×510 with the face near the middle (hopper's at x≈330, collins's at x≈434).
  const filter = '[0]crop=340:510:160:0[a];[1]crop=340:510:264:0[b];[a][b]hstack=inputs=2,scale=640:480,format=yuv420p';
  execFileSync(
    'ffmpeg',
    [...common, '-loop', '1', '-framerate', '15', '-i', path.join(FACE_FIXTURES, 'hopper-live.jpg'), '-loop', '1', '-framerate', '15', '-i', path.join(FACE_FIXTURES, 'collins-live.jpg'), '-filter_complex', filter, ...encode],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return out;
}
