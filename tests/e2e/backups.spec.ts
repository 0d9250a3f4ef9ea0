import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { shot, violations } from './helpers';

const folder = path.join(os.tmpdir(), `saraban-e2e-backups-${process.pid}`);
test.afterAll(() => rmSync(folder, { recursive: true, force: true }));

test('the platform operator is told backups are off, schedules them, and sees the backup the worker took', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/login?as=operator');
  await page.getByLabel('ชื่อผู้ใช้').fill('operator');
  await page.getByLabel('รหัสผ่าน').fill('saraban-demo');
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
  await expect(page.getByRole('heading', { name: 'หน่วยงานบนแพลตฟอร์ม' })).toBeVisible();
  // Unasked, on the operator's first page.
  const alert = page.getByTestId('backup-alert');
  await expect(alert).toContainText('ยังไม่ได้ตั้งการสำรองข้อมูลอัตโนมัติ');
  await alert.getByRole('link', { name: 'ไปที่หน้าสำรองข้อมูล' }).click();
  await expect(page.getByRole('heading', { name: 'สำรองข้อมูล', level: 1 })).toBeVisible();
  await expect(page.getByTestId('backup-last')).toHaveCount(0);
  await expect(page.getByText('ยังไม่เคยสำรองข้อมูล')).toBeVisible();

  await page.getByLabel('สำรองข้อมูลอัตโนมัติทุกวัน').check();
  await page.getByLabel('โฟลเดอร์เก็บข้อมูลสำรองบนเครื่องแม่ข่าย').fill('backups');
  await page.getByRole('button', { name: 'บันทึกกำหนดการ' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'กรุณาระบุโฟลเดอร์สำรองข้อมูลบนเครื่องแม่ข่ายเป็นเส้นทางเต็ม' })).toBeVisible();

  await page.getByLabel('โฟลเดอร์เก็บข้อมูลสำรองบนเครื่องแม่ข่าย').fill(folder);
  await page.getByLabel('เก็บรายวัน (ชุด)').fill('14');
  await page.getByRole('button', { name: 'บันทึกกำหนดการ' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'บันทึกกำหนดการแล้ว' })).toBeVisible();
  await page.getByRole('button', { name: 'สำรองข้อมูลเดี๋ยวนี้' }).click();
  // The worker's minute task takes it: the outcome appears on the page by itself.
  await expect(page.getByTestId('backup-last')).toContainText('สำเร็จ', { timeout: 150_000 });
  await expect(page.getByTestId('backup-last')).toContainText('MB');
  await expect(page.getByRole('row', { name: /สำเร็จ/ }).first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('backup-alert')).toHaveCount(0);
  await expect(page.getByLabel('เก็บรายวัน (ชุด)')).toHaveValue('14');
  expect(await violations(page)).toEqual([]);
  await shot(page, '30-platform-backups');
});
