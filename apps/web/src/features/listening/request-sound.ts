import { create } from 'zustand';

/** "Play a sound for new requests": off unless the listener turns it on; kept on this device. */

const storageKey = 'kindred.request-sound';

function readSetting(): boolean {
  try {
    return window.localStorage.getItem(storageKey) === 'on';
  } catch {
    return false;
  }
}

interface SoundSetting {
  enabled: boolean;
  setEnabled(enabled: boolean): void;
}

export const useRequestSoundStore = create<SoundSetting>()((set) => ({
  enabled: readSetting(),
  setEnabled: (enabled) => {
    try {
      if (enabled) window.localStorage.setItem(storageKey, 'on');
      else window.localStorage.removeItem(storageKey);
    } catch {
      // Not stored: the choice lasts until the page is closed.
    }
    if (enabled) unlockAudio();
    set({ enabled });
  },
}));

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
 * Browsers only let a page make sound after the person interacted with it: turning the setting on
 * (a click) creates and resumes the audio context, so that the later chime can play.
 */
export function unlockAudio(): void {
  const audio = audioContext();
  if (audio?.state === 'suspended') void audio.resume().catch(() => undefined);
}

/** A short, soft two-note chime (about half a second), when the listener asked for one. */
export function playRequestSound(): void {
  if (!useRequestSoundStore.getState().enabled) return;
  const audio = audioContext();
  if (!audio) return;
  try {
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    const start = audio.currentTime + 0.02;
    for (const [offset, frequency] of [
      [0, 660],
      [0.18, 880],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      const t = start + offset;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.15, t + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(t);
      oscillator.stop(t + 0.32);
    }
  } catch {
    // Sound is a nicety: the toast already told the listener.
  }
}
