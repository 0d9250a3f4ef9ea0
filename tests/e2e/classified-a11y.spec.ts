import { expect, test } from '@playwright/test';
import { signIn, violations } from './helpers';

test('the classified screens pass axe: the key page, a locked letter, the opened letter, the access register', async ({ page }) => {
  await signIn(page, 'cgd', 'director');
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'กุญแจหนังสือลับ' })).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await page.getByRole('link', { name: 'หนังสือลับ ๑ ฉบับ' }).first().click();
  await expect(page.getByRole('form', { name: 'ปลดล็อกกุญแจหนังสือลับ' })).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await page.getByLabel('รหัสผ่านหนังสือลับ').fill('saraban-classified-demo');
  await page.getByRole('button', { name: 'ปลดล็อก' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('ทดสอบหนังสือลับสาธิต');
  expect(await violations(page)).toEqual([]);

  await page.goto('/clearance');
  await expect(page.getByRole('heading', { name: 'ทะเบียนการเข้าถึงข้อมูลข่าวสารลับ' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the audit chain card on the admin\'s audit page passes axe, whole and after a check', async ({ page }) => {
  await signIn(page, 'dla', 'admin');
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
  await page.goto('/admin/audit');
  const chain = page.getByTestId('chain-check');
  await chain.getByRole('button', { name: 'ตรวจสอบตอนนี้' }).click();
  await expect(chain).toContainText('ครบถ้วน ไม่มีการแก้ไข', { timeout: 20_000 });
  expect(await violations(page)).toEqual([]);
});
