import { expect, test } from '@playwright/test';
import { openUserMenu, shot, signIn } from './helpers';

test('a person changes their own password and signs in with the new one', async ({ page }) => {
  await signIn(page, 'cgd', 'staff');
  await openUserMenu(page);
  await page.getByRole('link', { name: 'บัญชีของฉัน' }).click();
  await expect(page.getByRole('heading', { name: 'บัญชีของฉัน' })).toBeVisible();

  await page.getByLabel('รหัสผ่านปัจจุบัน').fill('saraban-demo');
  await page.getByLabel('รหัสผ่านใหม่', { exact: true }).fill('staff-new-password');
  await page.getByLabel('ยืนยันรหัสผ่านใหม่').fill('staff-other-password');
  await page.getByRole('button', { name: 'เปลี่ยนรหัสผ่าน' }).click();
  await expect(page.getByText('รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน')).toBeVisible();

  await page.getByLabel('รหัสผ่านปัจจุบัน').fill('not-my-password');
  await page.getByLabel('ยืนยันรหัสผ่านใหม่').fill('staff-new-password');
  await page.getByRole('button', { name: 'เปลี่ยนรหัสผ่าน' }).click();
  await expect(page.locator('.form-error')).toHaveText('รหัสผ่านไม่ถูกต้อง');
  await shot(page, '10-account');

  await page.getByLabel('รหัสผ่านปัจจุบัน').fill('saraban-demo');
  await page.getByRole('button', { name: 'เปลี่ยนรหัสผ่าน' }).click();
  await expect(page).toHaveURL(/\/login\?reason=password_changed/);
  await expect(page.getByRole('status')).toHaveText('เปลี่ยนรหัสผ่านแล้ว กรุณาเข้าสู่ระบบด้วยรหัสผ่านใหม่');

  await signIn(page, 'cgd', 'staff', 'staff-new-password');
  await expect(page.getByRole('heading', { name: 'สวัสดี นายธนากร มุ่งมั่น' })).toBeVisible();
});
