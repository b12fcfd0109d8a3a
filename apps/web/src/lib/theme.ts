import { create } from 'zustand';

/**
 * Light or dark. The device's setting decides until the person picks one with the header's
 * switch; that choice is remembered on this device (localStorage). Picking what the device
 * already shows forgets the choice, so the page follows the device again (day and night).
 *
 * index.html applies the same rule in a tiny inline script before the first paint, so that a
 * night-time visit never flashes white.
 */
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'kindred.theme';
const darkQuery = '(prefers-color-scheme: dark)';
/** The browser's toolbar colour (`<meta name="theme-color">`): the canvas of each theme. */
const toolbarColour: Record<Theme, string> = { light: '#f7f5f1', dark: '#121619' };

function systemTheme(): Theme {
  return window.matchMedia?.(darkQuery).matches ? 'dark' : 'light';
}

function storedTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

function store(choice: Theme | null): void {
  try {
    if (choice) window.localStorage.setItem(THEME_STORAGE_KEY, choice);
    else window.localStorage.removeItem(THEME_STORAGE_KEY);
  } catch {
    // Private mode or storage full: the choice lasts for this page only.
  }
}

function paint(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', toolbarColour[theme]);
}

interface ThemeState {
  theme: Theme;
}

export const useThemeStore = create<ThemeState>()(() => ({ theme: 'light' }));

/** Shows `theme` now and remembers it, unless it is what the device shows anyway. */
export function chooseTheme(theme: Theme): void {
  store(theme === systemTheme() ? null : theme);
  paint(theme);
  useThemeStore.setState({ theme });
}

/** Applies the remembered or the device's theme, and follows the device while nothing is chosen. */
export function startTheme(): void {
  const apply = () => {
    const theme = storedTheme() ?? systemTheme();
    paint(theme);
    useThemeStore.setState({ theme });
  };
  apply();
  window.matchMedia?.(darkQuery).addEventListener('change', apply);
  // Another tab changed it.
  window.addEventListener('storage', (event) => {
    if (event.key === THEME_STORAGE_KEY || event.key === null) apply();
  });
}
