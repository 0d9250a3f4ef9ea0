import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import postgres from 'postgres';

export const DEMO_PASSWORD = 'saraban-demo';

export async function signIn(page: Page, agency: string, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await expect(page).toHaveTitle(/เข้าสู่ระบบ/);
  await page.getByLabel('รหัสหน่วยงาน').fill(agency);
  await page.getByLabel('ชื่อผู้ใช้').fill(username);
  await page.getByLabel('รหัสผ่าน').fill(password);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
}

/** Opens the person's menu in the top bar (acting unit, account, language, help, sign out). */
export async function openUserMenu(page: Page) {
  const button = page.getByRole('button', { name: /เมนูผู้ใช้|User menu/ });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

export async function signOut(page: Page) {
  await openUserMenu(page);
  await page.getByRole('button', { name: 'ออกจากระบบ' }).click();
  await expect(page).toHaveURL(/\/login/);
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `tests/e2e/artifacts/${name}.png`, fullPage: true });
}

/** The page at a phone's width (390 px) does not widen; a screenshot of it; then the viewport it had. */
export async function fitsPhone(page: Page, name: string) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
  await shot(page, name);
  if (before) await page.setViewportSize(before);
}

/** The owner's connection to the e2e server's own database (the e2e data folder's secret). */
export function ownerSql() {
  const secrets = JSON.parse(readFileSync(path.join('.data-e2e', 'secrets.json'), 'utf8')) as { postgresPassword: string };
  const port = Number(process.env.E2E_PORT ?? 3100) + 10;
  return postgres(`postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port}/saraban`, { max: 1, onnotice: () => {} });
}

/** A small valid one-page A4 PDF, as a scanner would give. */
export async function scanPdf(text = 'Letter scan', { scanned = false } = {}) {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 85, y: 760, size: 16, font: await doc.embedFont(StandardFonts.Helvetica) });
  if (scanned) {
    // A scanner's page image: grey noise that does not compress, so the file is as large as a real scan's page (about 230 kB).
    const { default: sharp } = await import('sharp');
    const noise = (await import('node:crypto')).randomBytes(400 * 400);
    const png = await sharp(noise, { raw: { width: 400, height: 400, channels: 1 } }).png({ compressionLevel: 0 }).toBuffer();
    page.drawImage(await doc.embedPng(png), { x: 85, y: 200, width: 400, height: 400 });
  }
  return Buffer.from(await doc.save());
}

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

type AxeViolation = { id: string; impact: string; nodes: Array<{ target: unknown }> };

/** axe-core's run over the page as it stands (WCAG 2.1 A and AA). */
async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axeSource });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: AxeViolation[] }> } })
      .axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map(({ id, impact, nodes }) => ({ id, impact, nodes: nodes.map((n) => ({ target: n.target })) }));
  });
}

const described = (v: AxeViolation) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`;

/** Every axe-core violation on the page. */
export async function violations(page: Page) {
  return (await runAxe(page)).map(described);
}

/** axe-core's serious and critical violations on the page. */
export async function seriousViolations(page: Page) {
  return (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${described(v)} (${v.impact})`);
}
