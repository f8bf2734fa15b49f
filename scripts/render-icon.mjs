// Renders media/icon.png (the Marketplace icon, 128x128) from the activity-bar SVG with headless Chromium.
import { chromium } from 'playwright-core';
import * as fs from 'node:fs';

const svg = fs.readFileSync('media/secretref.svg', 'utf8').replace('stroke="currentColor"', 'stroke="#ffffff"');
const browser = await chromium.launch({
  executablePath: process.env.SECRETREF_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">
  <div style="width:128px;height:128px;border-radius:24px;background:linear-gradient(135deg,#2b5797,#1e3a5f);display:flex;align-items:center;justify-content:center">
  <div style="width:88px;height:88px">${svg.replace('width="24" height="24"', 'width="88" height="88"')}</div></div></body></html>`);
await page.screenshot({ path: 'media/icon.png', omitBackground: true });
await browser.close();
