import { describe, expect, it } from 'vitest';
import { budgetReport, type BudgetBundle, initialChunks, weighRoutes } from './js-budget';

/** A fake build: an entry importing react, a lazy landing page importing a shared chunk. */
const chunk = (
  fileName: string,
  bytes: number,
  imports: string[],
  modules: string[],
  entry = false,
) => ({
  type: 'chunk' as const,
  fileName,
  code: 'x'.repeat(bytes),
  isEntry: entry,
  imports,
  moduleIds: modules.map((m) => `/repo/apps/web/${m}`),
});
const bundle: BudgetBundle = {
  'assets/index.js': chunk('assets/index.js', 40_000, ['assets/react.js'], ['src/main.tsx'], true),
  'assets/react.js': chunk('assets/react.js', 60_000, [], ['node_modules/react/index.js']),
  'assets/landing.js': chunk(
    'assets/landing.js',
    20_000,
    ['assets/shared.js'],
    ['src/pages/LandingPage.tsx'],
  ),
  'assets/shared.js': chunk('assets/shared.js', 10_000, ['assets/react.js'], ['src/lib/shared.ts']),
  'assets/admin.js': chunk(
    'assets/admin.js',
    500_000,
    ['assets/shared.js'],
    ['src/pages/AdminPage.tsx'],
  ),
  'assets/index.css': { type: 'asset', fileName: 'assets/index.css' },
};
const length = (code: string) => code.length;

describe('the first-load JavaScript budget', () => {
  it('counts the entry, the page and what they import, each once, and nothing lazy', () => {
    const files = initialChunks(bundle, 'src/pages/LandingPage.tsx').map((c) => c.fileName);
    expect(files.sort()).toEqual([
      'assets/index.js',
      'assets/landing.js',
      'assets/react.js',
      'assets/shared.js',
    ]);
    const [landing] = weighRoutes(
      bundle,
      [{ name: 'landing', module: 'src/pages/LandingPage.tsx' }],
      length,
    );
    expect(landing!.bytes).toBe(130_000);
    expect(landing!.files[0]).toEqual({ fileName: 'assets/react.js', bytes: 60_000 });
  });

  it('passes a route within the budget and names the one over it, with what weighs what', () => {
    const weights = weighRoutes(
      bundle,
      [
        { name: 'landing (/)', module: 'src/pages/LandingPage.tsx' },
        { name: 'admin', module: 'src/pages/AdminPage.tsx' },
      ],
      length,
    );
    const report = budgetReport(weights, 150_000);
    expect(report.over.map((w) => w.name)).toEqual(['admin']);
    expect(report.text).toMatch(/landing \(\/\): 130\.0 KB of 150\.0 KB \(brotli\) ok/);
    expect(report.text).toMatch(/admin: 610\.0 KB of 150\.0 KB \(brotli\) OVER/);
    expect(report.text).toContain('500.0 KB  assets/admin.js');
  });

  it('refuses a route whose module is in no chunk (a wrong path would hide a real overrun)', () => {
    expect(() => initialChunks(bundle, 'src/pages/Missing.tsx')).toThrow(/No chunk contains/);
  });
});
