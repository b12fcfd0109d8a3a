import { playChime, unlockAudio } from '../../lib/chime';

/** Turning the sound on (a click) lets the page make sound later. */
export const unlockNotificationSound = unlockAudio;

/** About a third of a second: two quick rising notes, quiet. */
export function playNotificationSound(): void {
  playChime(
    [
      [0, 784],
      [0.11, 1047],
    ],
    { peak: 0.12, attack: 0.02, length: 0.2 },
  );
}
