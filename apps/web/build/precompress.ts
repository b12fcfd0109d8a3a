import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Text formats worth compressing (the server sends the .br or .gz copy beside the file). */
const compressible = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml|map|ico)$/;

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else yield full;
  }
}

/**
 * Writes a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy beside every text file of
 * the build, once, so that no request pays for compression and the server (and nginx) only pick
 * the copy the browser accepts.
 */
export function precompress(): Plugin {
  return {
    name: 'kindred:precompress',
    apply: 'build',
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const { config } = this.environment;
        const outDir = path.resolve(config.root, config.build.outDir);
        let count = 0;
        for await (const file of filesUnder(outDir)) {
          if (!compressible.test(file)) continue;
          const source = await readFile(file);
          if ((await stat(file)).size === 0) continue;
          const [br, gz] = await Promise.all([
            brotli(source, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 11,
                [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
              },
            }),
            gzipped(source, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
          count += 1;
        }
        config.logger.info(`precompressed ${count} files (brotli and gzip)`);
      },
    },
  };
}
