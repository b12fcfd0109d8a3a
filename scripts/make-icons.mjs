#!/usr/bin/env node
// Renders the app icons (apps/web/public/icons/*.png) from icons/icon.svg with Chromium, for the
// web app manifest and iOS. Run again after changing the SVG: `node scripts/make-icons.mjs`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/web/public/icons');
const svg = await readFile(path.join(dir, 'icon.svg'), 'utf8');
const sizes = [
  ['icon-192.png', 192],
  ['icon-512.png', 512],
  ['apple-touch-icon.png', 180],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox'],
});
for (const [file, size] of sizes) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<style>html,body{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
  );
  await page.screenshot({ path: path.join(dir, file), omitBackground: false });
  await page.close();
  console.log(`wrote ${file} (${size}×${size})`);
}
await browser.close();
