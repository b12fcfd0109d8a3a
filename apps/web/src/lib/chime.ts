/** Soft tones made with Web Audio (no file to download), shared by every sound the app makes. */

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  if (typeof window.AudioContext !== 'function') return null;
  try {
    context = new window.AudioContext();
  } catch {
    return null;
  }
  return context;
}

/**
 * Browsers only let a page make sound after the person interacted with it: turning a sound on
 * (a click) creates and resumes the audio context, so that later tones can play.
 */
export function unlockAudio(): void {
  const audio = audioContext();
  if (audio?.state === 'suspended') void audio.resume().catch(() => undefined);
}

/** Plays quiet sine notes: [seconds after start, frequency] each, fading in and out. */
export function playChime(
  notes: readonly (readonly [offset: number, frequency: number])[],
  shape: { peak: number; attack: number; length: number },
): void {
  const audio = audioContext();
  if (!audio) return;
  try {
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    const start = audio.currentTime + 0.02;
    for (const [offset, frequency] of notes) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      const t = start + offset;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(shape.peak, t + shape.attack);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + shape.length);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(t);
      oscillator.stop(t + shape.length + 0.02);
    }
  } catch {
    // Sound is a nicety: what it announces is already on screen.
  }
}
