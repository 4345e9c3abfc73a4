// A short two-note chime, so a prompt that needs an answer is heard by a customer who
// looked away.
import { playTones } from '../ui/tone.js';

export function chime(): void {
  playTones([880, 660], 0.18);
}
