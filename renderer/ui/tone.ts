// Short tones through Web Audio, so a prompt or an arrival is heard by someone who looked
// away. No audio file to ship; where Web Audio is missing (tests, a machine without sound)
// nothing plays and the screen (and speech) still tell.

/** Plays `notesHz` one after the other, `noteSec` each, at `volume` (0–1). */
export function playTones(notesHz: readonly number[], noteSec: number, volume = 0.2): void {
  const Context = typeof window === 'undefined' ? undefined : window.AudioContext;
  if (typeof Context !== 'function') return;
  try {
    const audio = new Context();
    const gain = audio.createGain();
    gain.gain.value = volume;
    gain.connect(audio.destination);
    notesHz.forEach((hz, i) => {
      const tone = audio.createOscillator();
      tone.frequency.value = hz;
      tone.connect(gain);
      tone.start(audio.currentTime + i * noteSec);
      tone.stop(audio.currentTime + (i + 1) * noteSec);
    });
    setTimeout(() => void audio.close().catch(() => undefined), (notesHz.length * noteSec + 0.2) * 1000);
  } catch {
    // No output device or a refused context.
  }
}
