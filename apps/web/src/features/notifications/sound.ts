/** The notification sound: a short, soft tone made with Web Audio (no file to download). */

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
 * Browsers only let a page make sound after the person interacted with it: turning the sound on
 * (a click) creates and resumes the audio context, so that later tones can play.
 */
export function unlockNotificationSound(): void {
  const audio = audioContext();
  if (audio?.state === 'suspended') void audio.resume().catch(() => undefined);
}

/** About a third of a second: two quick rising notes, quiet. */
export function playNotificationSound(): void {
  const audio = audioContext();
  if (!audio) return;
  try {
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    const start = audio.currentTime + 0.02;
    for (const [offset, frequency] of [
      [0, 784],
      [0.11, 1047],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      const t = start + offset;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.12, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.2);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(t);
      oscillator.stop(t + 0.22);
    }
  } catch {
    // Sound is a nicety: the bell already shows the notification.
  }
}
