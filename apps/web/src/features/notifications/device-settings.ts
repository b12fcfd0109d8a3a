import { create } from 'zustand';

/**
 * What this device does when a notification arrives while Kindred is open: a desktop
 * notification (while the tab is in the background) and a short sound. Both are off until the
 * user turns them on, and are remembered on this device only.
 */

const keys = {
  desktop: 'kindred.notifications.desktop',
  sound: 'kindred.notifications.sound',
} as const;

type Setting = keyof typeof keys;

function read(setting: Setting): boolean {
  try {
    return window.localStorage.getItem(keys[setting]) === 'on';
  } catch {
    return false;
  }
}

function write(setting: Setting, enabled: boolean): void {
  try {
    if (enabled) window.localStorage.setItem(keys[setting], 'on');
    else window.localStorage.removeItem(keys[setting]);
  } catch {
    // Not stored: the choice lasts until the page is closed.
  }
}

interface DeviceSettings {
  desktop: boolean;
  sound: boolean;
  set(setting: Setting, enabled: boolean): void;
}

export const useDeviceSettings = create<DeviceSettings>()((set) => ({
  desktop: read('desktop'),
  sound: read('sound'),
  set: (setting, enabled) => {
    write(setting, enabled);
    set({ [setting]: enabled });
  },
}));

// Another tab changed a setting: follow it here.
window.addEventListener('storage', (event) => {
  for (const setting of Object.keys(keys) as Setting[]) {
    if (event.key === keys[setting] || event.key === null) {
      useDeviceSettings.setState({ [setting]: read(setting) });
    }
  }
});
