// A short two-note chime through Web Audio, so a prompt that needs an answer is heard by a
// customer who looked away. No audio file to ship; where Web Audio is missing (tests, a
// kiosk without sound) it does nothing.
const NOTES_HZ = [880, 660] as const;
const NOTE_SEC = 0.18;

export function chime(): void {
  const Context = typeof window === 'undefined' ? undefined : window.AudioContext;
  if (typeof Context !== 'function') return;
  try {
    const audio = new Context();
    const gain = audio.createGain();
    gain.gain.value = 0.2;
    gain.connect(audio.destination);
    NOTES_HZ.forEach((hz, i) => {
      const tone = audio.createOscillator();
      tone.frequency.value = hz;
      tone.connect(gain);
      tone.start(audio.currentTime + i * NOTE_SEC);
      tone.stop(audio.currentTime + (i + 1) * NOTE_SEC);
    });
    setTimeout(() => void audio.close().catch(() => undefined), (NOTES_HZ.length * NOTE_SEC + 0.2) * 1000);
  } catch {
    // No output device or a refused context: the prompt is still on screen and spoken.
  }
}
