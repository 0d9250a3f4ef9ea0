import { expect, test } from '@playwright/test';
import { openUserMenu, shot, signIn, signOut } from './helpers';

test('a clerk signs in in Thai, switches acting unit, is refused a page without permission, and signs out', async ({ page }) => {
  await signIn(page, 'opm', 'multi');
  await expect(page.getByRole('heading', { name: 'สวัสดี นางสาวพิมพ์ชนก สองหน้าที่' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'เมนู' });
  for (const area of ['หน้าหลัก', 'หนังสือเข้า', 'หนังสือออก', 'ทะเบียนหนังสือ', 'ค้นหา']) {
    await expect(nav.getByRole('link', { name: area })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'ผู้ดูแลระบบ' })).toHaveCount(0);
  await expect(page.getByTestId('acting-unit')).toHaveText('ขณะนี้ปฏิบัติหน้าที่ในนาม กองกลาง');
  await expect(page.getByTestId('permissions')).toContainText('รับหนังสือ');
  await expect(page.getByText(/วันนี้ .+ ๒๕[๐-๙]{2}/)).toBeVisible();
  await shot(page, '01-home');

  // As a clerk of กองกลาง the register is open to them.
  await page.getByRole('link', { name: 'ทะเบียนหนังสือ' }).click();
  await expect(page.getByRole('heading', { name: 'ทะเบียนหนังสือ', exact: true })).toBeVisible();

  // Acting for the other unit, where they are only staff, it is not.
  await openUserMenu(page);
  await page.getByLabel('ปฏิบัติหน้าที่ในนาม').selectOption({ label: 'กองการเจ้าหน้าที่' });
  await expect(page.getByRole('heading', { name: 'ไม่มีสิทธิ์เข้าถึงหน้านี้' })).toBeVisible();
  await expect(page.getByText('“รับหนังสือ”')).toBeVisible();
  await shot(page, '02-forbidden');
  await nav.getByRole('link', { name: 'หน้าหลัก' }).click();
  await expect(page.getByTestId('acting-unit')).toHaveText('ขณะนี้ปฏิบัติหน้าที่ในนาม กองการเจ้าหน้าที่');
  await expect(page.getByTestId('permissions')).not.toContainText('รับหนังสือ');

  // The choice is remembered across pages and reloads.
  await page.reload();
  await expect(page.getByTestId('acting-unit')).toHaveText('ขณะนี้ปฏิบัติหน้าที่ในนาม กองการเจ้าหน้าที่');

  await page.goto('/admin/people');
  await expect(page.getByRole('heading', { name: 'ไม่มีสิทธิ์เข้าถึงหน้านี้' })).toBeVisible();

  await signOut(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('a wrong password and an unknown agency get the same message', async ({ page }) => {
  await signIn(page, 'opm', 'registry', 'not-the-password');
  const message = page.locator('.form-error');
  await expect(message).toHaveText('ข้อมูลเข้าสู่ระบบไม่ถูกต้อง หรือบัญชีไม่สามารถใช้งานได้');
  await shot(page, '00-login-failed');
  await signIn(page, 'no-such-agency', 'registry');
  await expect(page.locator('.form-error')).toHaveText('ข้อมูลเข้าสู่ระบบไม่ถูกต้อง หรือบัญชีไม่สามารถใช้งานได้');
});

test('the shell works on a phone-sized screen and in English', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'cgd', 'registry');
  await expect(page.getByRole('heading', { name: /สวัสดี/ })).toBeVisible();
  await shot(page, '03-phone');
  await openUserMenu(page);
  await page.getByRole('button', { name: 'เปลี่ยนภาษา' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Somsri Jaidee' })).toBeVisible();
  await expect(page.getByText(/Today is .+ BE/)).toBeVisible();
  await shot(page, '04-phone-english');
  await openUserMenu(page);
  await page.getByRole('button', { name: 'Change language' }).click();
  await expect(page.getByRole('heading', { name: /สวัสดี/ })).toBeVisible();
});

test('pages and the API are sent with security headers', async ({ request }) => {
  for (const path of ['/login', '/api/trpc/units.list']) {
    const response = await request.get(path);
    expect(response.headers()['x-frame-options'], path).toBe('DENY');
    expect(response.headers()['x-content-type-options'], path).toBe('nosniff');
  }
});

test('on a phone the menu opens from its button, and the user menu works from the keyboard with its focus shown', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'opm', 'registry');
  const nav = page.getByRole('navigation', { name: 'เมนู' });
  const menu = page.getByRole('button', { name: 'เมนู', exact: true });
  await expect(nav).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await nav.getByRole('link', { name: 'ทะเบียนหนังสือ' }).click();
  await expect(page.getByRole('heading', { name: 'ทะเบียนหนังสือ', exact: true })).toBeVisible();
  // A page chosen, the menu folds away again.
  await expect(nav).toBeHidden();

  const user = page.getByRole('button', { name: /เมนูผู้ใช้/ });
  // Reached with the keyboard (from the notifications button), it shows where the focus is.
  await page.getByRole('button', { name: /การแจ้งเตือน/ }).focus();
  await page.keyboard.press('Tab');
  await expect(user).toBeFocused();
  await expect(user).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Enter');
  const panel = page.getByRole('group', { name: 'เมนูผู้ใช้' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('link', { name: 'คู่มือการใช้งาน' })).toBeVisible();
  await shot(page, '05-phone-user-menu');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(user).toBeFocused();

  // Help is a click away from every page: how to create a letter, found by its words.
  await user.click();
  await panel.getByRole('link', { name: 'คู่มือการใช้งาน' }).click();
  await page.getByLabel('ค้นหาในคู่มือ').fill('สร้างหนังสือ');
  await page.getByRole('link', { name: /สร้างหนังสือ/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('สร้างหนังสือ: ร่างหนังสือออกและเสนอลงนาม');
  await expect(page.getByRole('listitem').filter({ hasText: 'ร่างหนังสือใหม่' })).toBeVisible();
  await shot(page, '06-phone-help');
});
