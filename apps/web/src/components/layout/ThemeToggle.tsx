import { MoonIcon, SunIcon } from '../ui/icons';
import { chooseTheme, useThemeStore } from '../../lib/theme';

/** "Dark theme" on or off, remembered on this device (see lib/theme.ts). */
export function ThemeToggle() {
  const theme = useThemeStore((state) => state.theme);
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      aria-pressed={dark}
      aria-label="Dark theme"
      title={dark ? 'Switch to the light theme' : 'Switch to the dark theme'}
      onClick={() => chooseTheme(dark ? 'light' : 'dark')}
      className="inline-flex size-11 shrink-0 items-center justify-center rounded-lg text-ink hover:bg-primary-soft"
    >
      {dark ? <SunIcon className="size-5" /> : <MoonIcon className="size-5" />}
    </button>
  );
}
