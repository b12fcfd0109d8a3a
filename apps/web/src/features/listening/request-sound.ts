import { create } from 'zustand';
import { playChime, unlockAudio } from '../../lib/chime';

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

/** A short, soft two-note chime (about half a second), when the listener asked for one. */
export function playRequestSound(): void {
  if (!useRequestSoundStore.getState().enabled) return;
  playChime(
    [
      [0, 660],
      [0.18, 880],
    ],
    { peak: 0.15, attack: 0.03, length: 0.3 },
  );
}
