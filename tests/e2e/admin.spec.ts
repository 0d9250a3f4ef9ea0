import { expect, test } from '@playwright/test';
import { shot, signIn, signOut } from './helpers';

test('a tenant admin adds a person, who can sign in until disabled', async ({ page, browser }) => {
  await signIn(page, 'dla', 'admin');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'ผู้ดูแลระบบ' }).click();
  await expect(page.getByRole('heading', { name: 'ผู้ใช้งาน', exact: true })).toBeVisible();

  // Bad input: a clear Thai message per field, nothing created.
  await page.getByRole('button', { name: 'เพิ่มผู้ใช้งาน' }).click();
  await expect(page.getByText('ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบช่องที่มีเครื่องหมาย')).toBeVisible();
  await expect(page.getByText('ต้องมีอย่างน้อย 10 ตัวอักษร')).toBeVisible();

  await page.getByLabel('ชื่อ-นามสกุล', { exact: true }).fill('นายทดสอบ ระบบดี');
  await page.getByLabel('ตำแหน่ง').fill('นักจัดการงานทั่วไป');
  await page.getByLabel('ชื่อผู้ใช้').fill('tester');
  await page.getByLabel('รหัสผ่าน').fill('tester-password-1');
  await page.getByLabel('บทบาท').selectOption({ label: 'เจ้าหน้าที่ผู้ปฏิบัติ' });
  await page.getByRole('button', { name: 'เพิ่มผู้ใช้งาน' }).click();
  await expect(page.getByRole('link', { name: 'นายทดสอบ ระบบดี' })).toBeVisible();
  await shot(page, '05-admin-people');

  // The new person signs in elsewhere, with the password the admin issued: before anything else, they choose their own.
  const other = await browser.newContext();
  const theirPage = await other.newPage();
  await signIn(theirPage, 'dla', 'tester', 'tester-password-1');
  await expect(theirPage.getByRole('heading', { name: 'ตั้งรหัสผ่านของท่านเอง' })).toBeVisible();
  await expect(theirPage.getByRole('navigation', { name: 'เมนู' })).toHaveCount(0);
  await theirPage.goto('/inbox');
  await expect(theirPage.getByRole('heading', { name: 'ตั้งรหัสผ่านของท่านเอง' })).toBeVisible();
  await shot(theirPage, '05-first-password');
  await theirPage.getByLabel('รหัสผ่านที่ได้รับจากผู้ดูแลระบบ').fill('tester-password-1');
  await theirPage.getByLabel('รหัสผ่านใหม่', { exact: true }).fill('my-own-password-7');
  await theirPage.getByLabel('ยืนยันรหัสผ่านใหม่').fill('my-own-password-7');
  await theirPage.getByRole('button', { name: 'เปลี่ยนรหัสผ่าน' }).click();
  await expect(theirPage).toHaveURL(/\/login\?reason=password_changed/);
  // The admin's password no longer opens the account; their own does, straight to their work.
  await signIn(theirPage, 'dla', 'tester', 'tester-password-1');
  await expect(theirPage.locator('.form-error')).toBeVisible();
  await signIn(theirPage, 'dla', 'tester', 'my-own-password-7');
  await expect(theirPage.getByRole('heading', { name: 'สวัสดี นายทดสอบ ระบบดี' })).toBeVisible();

  // Disabled: their open session stops at its next request.
  await page.getByRole('link', { name: 'นายทดสอบ ระบบดี' }).click();
  await page.getByRole('button', { name: 'ระงับการใช้งาน' }).click();
  await expect(page.getByTestId('person-status')).toHaveText('ระงับการใช้งาน');
  await shot(page, '06-admin-person');
  await theirPage.reload();
  await expect(theirPage).toHaveURL(/\/login\?reason=expired/);
  await expect(theirPage.locator('.form-error')).toHaveText('การเข้าสู่ระบบหมดอายุ กรุณาเข้าสู่ระบบใหม่');
  await other.close();

  await page.getByRole('link', { name: 'หน่วยงานย่อย' }).click();
  await expect(page.getByRole('cell', { name: /กองกฎหมายและระเบียบท้องถิ่น/ })).toBeVisible();
  await shot(page, '07-admin-units');
  await page.getByRole('link', { name: 'บันทึกการใช้งาน' }).click();
  await expect(page.getByRole('cell', { name: 'ระงับการใช้งาน' })).toBeVisible();
  // The audit log's hash chain, verified now in the background: whole.
  const chain = page.getByTestId('chain-check');
  await chain.getByRole('button', { name: 'ตรวจสอบตอนนี้' }).click();
  await expect(chain).toContainText('ครบถ้วน ไม่มีการแก้ไข', { timeout: 20_000 });
  await shot(page, '08-admin-audit');
});

test('a platform operator provisions an agency and never sees letters', async ({ page }) => {
  await page.goto('/login?as=operator');
  await page.getByLabel('ชื่อผู้ใช้').fill('operator');
  await page.getByLabel('รหัสผ่าน').fill('saraban-demo');
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
  await expect(page.getByRole('heading', { name: 'หน่วยงานบนแพลตฟอร์ม' })).toBeVisible();
  await expect(page.getByRole('cell', { name: /^กรมบัญชีกลาง/ })).toBeVisible();
  await page.getByLabel('ชื่อหน่วยงาน', { exact: true }).fill('สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน');
  await page.getByLabel('รหัสเข้าสู่ระบบ').fill('obec');
  await page.getByLabel('รหัสตัวพยัญชนะ').fill('ศธ');
  await page.getByLabel('เลขประจำของเจ้าของเรื่อง').fill('04001');
  await page.getByLabel('ชื่อ-นามสกุล', { exact: true }).fill('นางสาวการศึกษา ก้าวหน้า');
  await page.getByLabel('ชื่อผู้ใช้').fill('admin');
  await page.getByLabel('รหัสผ่าน').fill('obec-admin-password');
  await page.getByRole('button', { name: 'เพิ่มหน่วยงาน' }).click();
  await expect(page.getByText('ต้องเป็นตัวเลข เช่น 0105')).toBeVisible();
  await page.getByLabel('เลขประจำของเจ้าของเรื่อง').fill('0401');
  await page.getByRole('button', { name: 'เพิ่มหน่วยงาน' }).click();
  const row = page.getByRole('row', { name: /^สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน/ });
  await expect(row).toContainText('ใช้งาน');
  await row.getByRole('button', { name: /^ระงับหน่วยงาน/ }).click();
  await expect(row).toContainText('ระงับการใช้งาน');
  await expect(row.getByRole('button', { name: /^เปิดใช้งานหน่วยงาน/ })).toBeVisible();
  await shot(page, '09-platform');
  await page.goto('/inbox');
  await expect(page).toHaveURL(/\/platform/);
});

test('a clearance an admin grants waits for the head of agency, who approves it', async ({ page }) => {
  await signIn(page, 'cgd', 'admin');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'ผู้ดูแลระบบ' }).click();
  await page.getByRole('link', { name: 'นายธนากร มุ่งมั่น' }).click();
  const clearance = page.locator('section', { has: page.getByRole('heading', { name: 'ชั้นความลับและการแต่งตั้ง' }) });
  await clearance.getByLabel('ชั้นความลับที่เข้าถึงได้').selectOption({ label: 'ลับ' });
  await clearance.getByLabel('ได้รับแต่งตั้งให้ปฏิบัติงานเกี่ยวกับข้อมูลข่าวสารลับ').check();
  await clearance.getByRole('button', { name: 'บันทึก' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'รอหัวหน้าส่วนราชการหรือนายทะเบียนเอกสารลับอนุมัติ' })).toBeVisible();
  // The admin sees the request waiting but may not decide it.
  await page.goto('/clearance');
  await expect(page.getByRole('cell', { name: /นายธนากร มุ่งมั่น/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^อนุมัติ/ })).toHaveCount(0);
  await signOut(page);

  await signIn(page, 'cgd', 'director');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'อนุมัติชั้นความลับ' }).click();
  await expect(page.getByRole('heading', { name: 'อนุมัติชั้นความลับ' })).toBeVisible();
  await expect(page.getByRole('row', { name: /นายธนากร มุ่งมั่น/ })).toContainText('ลับ');
  await shot(page, '09-clearance-approval');
  await page.getByRole('button', { name: 'อนุมัติ นายธนากร มุ่งมั่น', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'อนุมัติแล้ว' })).toBeVisible();
  await expect(page.getByText('ไม่มีคำขอที่รอการพิจารณา')).toBeVisible();
});
