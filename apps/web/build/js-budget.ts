import { brotliCompressSync, constants } from 'node:zlib';
import type { Plugin } from 'vite';
import { finishedBundlePlugin } from './bundle-plugin.ts';

/**
 * The JavaScript a phone must download before a page works: the entry chunk, the chunk that
 * holds the page's module, and everything either imports statically, compressed with brotli as
 * the server sends it. The build fails when a route passes its budget, and prints what weighs what.
 */

export interface BudgetRoute {
  /** How the route is named in messages, e.g. "landing (/)". */
  name: string;
  /** The page's module, relative to the web app (e.g. src/pages/LandingPage.tsx). */
  module: string;
}

/** The part of a chunk the budget needs (a Rolldown output chunk has all of these). */
export interface BudgetChunk {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
  moduleIds: string[];
}

export type BudgetBundle = Record<string, BudgetChunk | { type: 'asset'; fileName: string }>;

export interface RouteWeight {
  name: string;
  bytes: number;
  files: { fileName: string; bytes: number }[];
}

const normalise = (file: string) => file.replaceAll('\\', '/');

/** Brotli size of a chunk's code, as the precompressed file will be. */
export const brotliBytes = (code: string) =>
  brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** The chunks one route downloads first: the entry, the page's chunk, their static imports. */
export function initialChunks(bundle: BudgetBundle, module: string): BudgetChunk[] {
  const chunks = Object.values(bundle).filter((c): c is BudgetChunk => c.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry);
  if (!entry) throw new Error('The build has no entry chunk');
  const suffix = `/${normalise(module).replace(/^\.?\//, '')}`;
  const page = chunks.find((c) => c.moduleIds.some((id) => normalise(id).endsWith(suffix)));
  if (!page) throw new Error(`No chunk contains ${module}: is the route's module path right?`);

  const seen = new Map<string, BudgetChunk>();
  const visit = (chunk: BudgetChunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.set(chunk.fileName, chunk);
    for (const file of chunk.imports) {
      const imported = bundle[file];
      if (imported?.type === 'chunk') visit(imported);
    }
  };
  visit(entry);
  visit(page);
  return [...seen.values()];
}

/** Each route's compressed initial JavaScript, heaviest file first. */
export function weighRoutes(
  bundle: BudgetBundle,
  routes: readonly BudgetRoute[],
  sizeOf: (code: string) => number = brotliBytes,
): RouteWeight[] {
  const sizes = new Map<string, number>();
  return routes.map(({ name, module }) => {
    const files = initialChunks(bundle, module)
      .map((chunk) => {
        let bytes = sizes.get(chunk.fileName);
        if (bytes === undefined) {
          bytes = sizeOf(chunk.code);
          sizes.set(chunk.fileName, bytes);
        }
        return { fileName: chunk.fileName, bytes };
      })
      .sort((a, b) => b.bytes - a.bytes);
    return { name, bytes: files.reduce((sum, f) => sum + f.bytes, 0), files };
  });
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** A report of the routes' weights; `over` lists the routes past the budget. */
export function budgetReport(weights: RouteWeight[], maxBytes: number) {
  const over = weights.filter((w) => w.bytes > maxBytes);
  const lines = weights.map((w) => {
    const mark = w.bytes > maxBytes ? 'OVER' : 'ok';
    const files = w.files.map((f) => `    ${kb(f.bytes).padStart(9)}  ${f.fileName}`).join('\n');
    return `  ${w.name}: ${kb(w.bytes)} of ${kb(maxBytes)} (brotli) ${mark}\n${files}`;
  });
  return { over, text: `First-load JavaScript per route:\n${lines.join('\n')}` };
}

/** The Vite plugin: weighs the routes after bundling and fails the build past the budget. */
export function jsBudget(options: { maxBytes: number; routes: BudgetRoute[] }): Plugin {
  return finishedBundlePlugin('kindred:js-budget', function (bundle) {
    const weights = weighRoutes(bundle as unknown as BudgetBundle, options.routes);
    const { over, text } = budgetReport(weights, options.maxBytes);
    if (over.length > 0) {
      this.error(
        `${over.map((w) => w.name).join(' and ')} would load more than ` +
          `${kb(options.maxBytes)} of compressed JavaScript before working.\n${text}`,
      );
    }
    this.info(text);
  });
}
