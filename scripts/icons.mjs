#!/usr/bin/env node
// Renders the console's PNG icons from assets/icon.svg in headless Chromium
// (playwright-core, Debian's /usr/bin/chromium) and writes them to assets/,
// where they are committed. Run it again after changing icon.svg:
//
//   node scripts/icons.mjs
//
// - icon-192.png, icon-512.png: the icon as it is (rounded corners, the
//   corners transparent), for the web app manifest's purpose "any";
// - icon-maskable-512.png: a full square of the icon's blue with the
//   document drawn at 85 % around the centre, so it stays inside the
//   maskable safe zone (the circle of 40 % of the size around the centre)
//   whatever shape the platform cuts;
// - apple-touch-icon.png (180x180): the same full square (iOS rounds the
//   corners itself and shows transparency as black).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const assets = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'assets');
const source = readFileSync(path.join(assets, 'icon.svg'), 'utf8').trim();

const background = source.match(/<rect\b[^>]*\/>/);
if (!background) throw new Error('icons: assets/icon.svg has no <rect .../> background to work from');
const fill = background[0].match(/fill="([^"]+)"/)?.[1] ?? '#0f5ea8';
const glyph = source.slice(source.indexOf(background[0]) + background[0].length, source.lastIndexOf('</svg>'));

/** The icon as drawn in icon.svg. */
const rounded = source;
/** A full square, the document scaled into the safe zone. */
const fullBleed =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${fill}"/>` +
  `<g transform="translate(32 32) scale(0.85) translate(-32 -32)">${glyph}</g></svg>`;

const ICONS = [
  { file: 'icon-192.png', size: 192, svg: rounded },
  { file: 'icon-512.png', size: 512, svg: rounded },
  { file: 'icon-maskable-512.png', size: 512, svg: fullBleed },
  { file: 'apple-touch-icon.png', size: 180, svg: fullBleed },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: 600, height: 600 }, deviceScaleFactor: 1 });
  for (const { file, size, svg } of ICONS) {
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
    const png = await page.locator('svg').screenshot({ omitBackground: true });
    writeFileSync(path.join(assets, file), png);
    console.log(`icons: assets/${file} (${size}x${size}, ${png.length} B)`);
  }
} finally {
  await browser.close();
}
