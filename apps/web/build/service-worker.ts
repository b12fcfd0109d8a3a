import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin, Rolldown } from 'vite';
import { finishedBundlePlugin } from './bundle-plugin.ts';

/**
 * Builds the one service worker (Web Push and the offline app shell) into `sw.js` at the root of
 * the build: the worker's source with two values put in front of it, the list of files to keep
 * for offline use (the page, the first load's scripts and styles, `staticFiles`, and the built
 * assets that match `extra`) and a version that changes whenever any of them does.
 */
export function serviceWorker(options: {
  /** The worker's source, relative to the web app. */
  source: string;
  /** Files from public/ to keep, as paths from the site's root. */
  staticFiles: string[];
  /** Built assets to keep as well (e.g. the first screen's fonts). */
  extra?: RegExp;
}): Plugin {
  return finishedBundlePlugin('kindred:service-worker', function (bundle) {
    const { config } = this.environment;
    const outputs = Object.values(bundle);
    const chunks = outputs.filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
    const entry = chunks.find((c) => c.isEntry);
    if (!entry) this.error('The build has no entry chunk for the service worker to keep');

    // The entry and what it imports statically: what the first screen needs.
    const first = new Set<string>();
    const visit = (fileName: string) => {
      if (first.has(fileName)) return;
      first.add(fileName);
      const chunk = bundle[fileName];
      if (chunk?.type !== 'chunk') return;
      for (const imported of chunk.imports) visit(imported);
      for (const css of chunk.viteMetadata?.importedCss ?? []) first.add(css);
    };
    visit(entry.fileName);
    for (const output of outputs) {
      if (output.type === 'asset' && options.extra?.test(output.fileName)) {
        first.add(output.fileName);
      }
    }

    const hash = createHash('sha256');
    const workerSource = readFileSync(path.resolve(config.root, options.source), 'utf8');
    hash.update(workerSource);
    const index = bundle['index.html'];
    if (index?.type === 'asset') hash.update(index.source);
    for (const fileName of [...first].sort()) {
      const output = bundle[fileName];
      hash.update(fileName);
      if (output?.type === 'chunk') hash.update(output.code);
      else if (output?.type === 'asset') hash.update(output.source);
    }
    for (const file of options.staticFiles) {
      const onDisk = path.join(config.publicDir, file);
      hash.update(file);
      if (existsSync(onDisk)) hash.update(readFileSync(onDisk));
      else this.error(`The service worker should keep ${file}, but public${file} is missing`);
    }

    const precache = ['/', ...options.staticFiles, ...[...first].sort().map((f) => `/${f}`)];
    const version = hash.digest('hex').slice(0, 16);
    this.emitFile({
      type: 'asset',
      fileName: 'sw.js',
      source:
        `self.__KINDRED_VERSION__ = ${JSON.stringify(version)};\n` +
        `self.__KINDRED_PRECACHE__ = ${JSON.stringify(precache)};\n` +
        workerSource,
    });
  });
}
