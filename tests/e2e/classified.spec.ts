import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { scanPdf, shot, signIn, signOut } from './helpers';

const PASSPHRASE = 'saraban-classified-demo';
const subject = 'แผนการตรวจสอบการเบิกจ่ายเงินลับของหน่วยงานในสังกัด';

async function unlock(page: Page, passphrase = PASSPHRASE) {
  const panel = page.getByRole('form', { name: 'ปลดล็อกกุญแจหนังสือลับ' });
  await panel.getByLabel('รหัสผ่านหนังสือลับ').fill(passphrase);
  await panel.getByRole('button', { name: 'ปลดล็อก' }).click();
}

/**
 * As cgd's registry officer: a ลับ external letter to สำนักงานปลัดสำนักนายกรัฐมนตรี drafted, sealed
 * in the browser (unlocked only once the form is filled, so the preview is seen working without the
 * key), and submitted to the head of agency to sign. Returns the letter's address.
 */
async function draftClassifiedForSigning(page: Page, subject: string, body: string, beforeSubmit: () => Promise<void> = async () => {}) {
  await signIn(page, 'cgd', 'registry');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือออก' }).click();
  await page.getByLabel('ชนิดหนังสือ').selectOption({ label: 'หนังสือภายนอก' });
  await page.getByRole('button', { name: 'ร่างหนังสือใหม่' }).click();
  // The list page has its own เรื่อง (a reserved number's): wait for the draft form before filling.
  await expect(page.getByRole('form', { name: 'หนังสือภายนอก' })).toBeVisible();
  await page.getByLabel('ชั้นความลับ').selectOption({ label: 'ลับ' });
  await page.getByLabel('เรื่อง', { exact: true }).fill(subject);
  await page.getByLabel('ถึง (ผู้รับตามตำแหน่ง)').fill('ปลัดกระทรวงการคลัง');
  await page.getByLabel('ข้อความ (เว้นบรรทัดว่างระหว่างย่อหน้า)').fill(body);
  await page.getByLabel('ส่วนราชการในระบบ').selectOption({ label: 'สำนักงานปลัดสำนักนายกรัฐมนตรี' });
  await page.getByRole('button', { name: 'เพิ่มส่วนราชการ' }).click();
  // The live preview still works: the text goes to the layout for that request only.
  await expect(page.getByRole('img', { name: 'ตัวอย่างหนังสือ 1' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'สร้างร่าง' })).toBeDisabled();
  await unlock(page);
  await page.getByRole('button', { name: 'สร้างร่าง' }).click();
  await expect(page).toHaveURL(/\/outgoing\/[0-9a-f-]{36}$/);
  // Unlocked in this tab: the sealed draft opens at once.
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  await beforeSubmit();
  await page.getByLabel('ผู้ลงนาม', { exact: true }).selectOption({ label: 'นางสุนันทา บัญชีงาม — อธิบดีกรมบัญชีกลาง' });
  await page.getByRole('button', { name: 'เสนอ', exact: true }).click();
  await expect(page.getByText('เสนอแล้ว')).toBeVisible();
  const letterUrl = page.url();
  await signOut(page);
  return letterUrl;
}

/** As cgd's head of agency: the letter opened with her key and signed with her password. */
async function signAsDirector(page: Page, letterUrl: string) {
  await signIn(page, 'cgd', 'director');
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
  await page.goto(letterUrl);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('หนังสือลับ ๑ ฉบับ');
  await unlock(page);
  await page.getByLabel('รหัสผ่านของท่าน').fill('saraban-demo');
  await page.getByRole('button', { name: 'ลงนาม', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('ลงนามแล้ว');
}

test('a classified letter is sealed in the browser, registered, opened by its holders (marked with their name), routed only to cleared people', async ({ page }) => {
  await signIn(page, 'cgd', 'registry');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await page.getByLabel('ที่', { exact: true }).fill('กค 0402/ลับ 12');
  await page.getByLabel('ลงวันที่').fill('21/11/2569');
  await page.getByLabel('จาก', { exact: true }).fill('กระทรวงการคลัง');
  await page.getByLabel('ถึง', { exact: true }).fill('อธิบดีกรมบัญชีกลาง');
  await page.getByLabel('เรื่อง', { exact: true }).fill(subject);
  await page.getByLabel('ชั้นความลับ').selectOption({ label: 'ลับ' });
  await page.getByLabel('ไฟล์สแกน (PDF, JPEG, PNG, TIFF)').setInputFiles({ name: 'หนังสือลับ.pdf', mimeType: 'application/pdf', buffer: await scanPdf('Classified scan') });
  // Not until the officer's key is unlocked: the letter is sealed here, before it leaves the browser.
  await expect(page.getByRole('button', { name: 'บันทึกเข้าระบบ' })).toBeDisabled();
  await unlock(page, 'wrong passphrase');
  await expect(page.getByText('รหัสผ่านหนังสือลับไม่ถูกต้อง')).toBeVisible();
  await unlock(page);
  await page.getByRole('button', { name: 'บันทึกเข้าระบบ' }).click();
  await expect(page.getByText('บันทึกแล้ว รอลงรับ')).toBeVisible();
  // The server has no subject to show; this browser, holding the key, opens it for the list.
  await page.getByRole('button', { name: `ลงรับ ${subject}` }).click();
  await page.getByRole('link', { name: 'เปิดหนังสือเพื่อส่งต่อ' }).click();

  // Unlocked in this tab still: the letter opens at once.
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  await expect(page.locator('dl.details')).toContainText('ทะเบียนหนังสือรับ (ข้อมูลข่าวสารลับ)');
  // A typo in the subject is corrected: sealed again here, recorded with its (sealed) reason.
  await page.getByRole('button', { name: 'แก้ไขรายละเอียด' }).click();
  const correction = page.getByRole('form', { name: 'แก้ไขรายละเอียด' });
  await correction.getByLabel('เรื่อง', { exact: true }).fill(`${subject}ทั้งหมด`);
  await correction.getByLabel('เหตุผลที่แก้ไข').fill('ตกคำท้ายเรื่อง');
  await correction.getByRole('button', { name: 'บันทึกการแก้ไข' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${subject}ทั้งหมด`);
  await expect(page.locator('ol.timeline')).toContainText('แก้ไขเรื่องหรือหมายเหตุ (เข้ารหัสไว้) (ตกคำท้ายเรื่อง)');
  const form = page.getByRole('form', { name: 'ส่งต่อ' });
  // No units to choose, and only cleared people with keys.
  await expect(form.getByLabel('ส่งถึง 1')).toHaveCount(0);
  await expect(form.getByLabel('เลือก… 1').locator('option')).not.toContainText(['นางวันเพ็ญ รักงาน']);
  await form.getByLabel('เลือก… 1').selectOption({ label: 'นางสุนันทา บัญชีงาม (อธิบดีกรมบัญชีกลาง)' });
  await expect(form.getByText('ลายนิ้วมือ')).toBeVisible();
  await form.getByRole('button', { name: 'ส่งต่อ', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ส่งต่อแล้ว' })).toBeVisible();
  const letterUrl = page.url();
  await shot(page, '40-classified-letter');
  await signOut(page);

  // The director is told without the subject, unlocks, reads, and downloads a copy marked with her name.
  await signIn(page, 'cgd', 'director');
  await page.getByRole('button', { name: /การแจ้งเตือน/ }).click();
  await expect(page.getByRole('dialog', { name: 'การแจ้งเตือน' })).toContainText('หนังสือลับ ๑ ฉบับ');
  await expect(page.getByRole('dialog', { name: 'การแจ้งเตือน' })).not.toContainText(subject);
  await page.goto(letterUrl);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('หนังสือลับ ๑ ฉบับ');
  await unlock(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'ดาวน์โหลด' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('หนังสือลับ.pdf');
  const bytes = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c));
  const copy = await PDFDocument.load(bytes);
  expect(copy.getSubject()).toContain('นางสุนันทา บัญชีงาม');
  expect(copy.getSubject()).toContain('กรมบัญชีกลาง');
  // The marked copy is a sound PDF (qpdf's structural check).
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'saraban-marked-')), 'copy.pdf');
  writeFileSync(file, bytes);
  expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
  // On a phone: the opened letter and its file actions fit 390 px.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('button', { name: 'ดาวน์โหลด' })).toBeVisible();
  await shot(page, '44-classified-letter-phone');
  await page.setViewportSize({ width: 1280, height: 720 });
  // Her endorsement is sealed in her browser before it is sent, and shown opened.
  await page.getByLabel('ข้อความเกษียน').fill('ทราบ ให้ตรวจสอบแผนและรายงานภายในสัปดาห์นี้');
  await page.getByRole('button', { name: 'เกษียน', exact: true }).click();
  await expect(page.locator('.endorsement-text')).toHaveText('ทราบ ให้ตรวจสอบแผนและรายงานภายในสัปดาห์นี้');
  // The head of agency keeps the agency's recovery key: set up at seeding, shown with its fingerprint.
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'กุญแจกู้คืนของส่วนราชการ' })).toBeVisible();
  await expect(page.getByText('ลายนิ้วมือกุญแจของท่าน:')).toBeVisible();
  await shot(page, '41-classified-account');
  // …and reads the register of every act on classified letters: the download just made is there, under her name.
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'อนุมัติชั้นความลับ' }).click();
  const register = page.getByRole('region', { name: 'ทะเบียนการเข้าถึงข้อมูลข่าวสารลับ' });
  await expect(register.locator('tbody tr').first()).toContainText('ดาวน์โหลดไฟล์หนังสือลับ');
  await expect(register.locator('tbody tr').first()).toContainText('นางสุนันทา บัญชีงาม');
  await expect(register).not.toContainText(subject);
  await shot(page, '42-classified-register');
  await signOut(page);

  // The clerk, not cleared, finds nothing of it.
  await signIn(page, 'cgd', 'clerk');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await expect(page.locator('main')).not.toContainText('หนังสือลับ ๑ ฉบับ');
  await page.goto(letterUrl);
  await expect(page.locator('main')).toContainText('ไม่พบรายการที่ต้องการ');
  await expect(page.locator('main')).not.toContainText(subject);
});

test('a classified letter is drafted sealed, signed, sent sealed to another agency, where it is registered, routed to a cleared person and opened marked with her name', async ({ page }) => {
  const draftSubject = 'รายงานผลการตรวจสอบการเบิกจ่ายเงินลับประจำไตรมาส';
  const letterUrl = await draftClassifiedForSigning(page, draftSubject, 'ตามที่ได้รับมอบหมายให้ตรวจสอบการเบิกจ่ายเงินลับ บัดนี้ได้ดำเนินการแล้วเสร็จ\n\nจึงเรียนมาเพื่อโปรดทราบ', async () => {
    // An attachment is sealed here, its name too; the DOCX is laid out for this one request with the key.
    await page.getByLabel('แนบไฟล์').setInputFiles({ name: 'ตารางการเบิกจ่าย.pdf', mimeType: 'application/pdf', buffer: await scanPdf('Attachment') });
    await expect(page.getByTestId('attachments')).toContainText('ตารางการเบิกจ่าย.pdf');
    const docx = page.waitForEvent('download');
    await page.getByRole('button', { name: 'ดาวน์โหลดเป็น DOCX' }).click();
    expect((await docx).suggestedFilename()).toMatch(/\.docx$/);
  });
  await signAsDirector(page, letterUrl);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(draftSubject);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'ดาวน์โหลด', exact: true }).first().click();
  const copy = await PDFDocument.load(await (await (await downloading).createReadStream()).toArray().then((c) => Buffer.concat(c)));
  expect(copy.getSubject()).toContain('นางสุนันทา บัญชีงาม');
  await shot(page, '43-classified-signed');
  await signOut(page);

  await signIn(page, 'cgd', 'registry');
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
  await page.goto(letterUrl);
  // The letter's actions appear once it is opened with the person's key.
  await unlock(page);
  // Sealed here for the receiving agency's appointed officers (from the platform directory, fingerprints shown) and its recovery key.
  const sending = page.getByTestId('sealed-send');
  await expect(sending.getByRole('group', { name: 'สำนักงานปลัดสำนักนายกรัฐมนตรี' })).toContainText('นายวิชัย ศรีสง่า');
  await expect(sending).toContainText('กุญแจกู้คืนของส่วนราชการ ลายนิ้วมือ');
  await expect(sending.getByText('ลายนิ้วมือ').first()).toBeVisible();
  await shot(page, '45-classified-send');
  await sending.getByRole('button', { name: 'เข้ารหัสและส่งหนังสือลับ' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ส่งแล้ว ๑ ราย' })).toBeVisible();
  await signOut(page);

  // At the other agency, the appointed registry officer unlocks, sees the subject only in her browser, and registers it.
  await signIn(page, 'opm', 'registry');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await expect(page.getByRole('button', { name: 'ลงรับ หนังสือลับ ๑ ฉบับ' })).toBeVisible({ timeout: 30_000 });
  await unlock(page);
  await page.getByRole('button', { name: `ลงรับ ${draftSubject}` }).click();
  await page.getByRole('link', { name: 'เปิดหนังสือเพื่อส่งต่อ' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(draftSubject);
  await expect(page.locator('dl.details')).toContainText('ทะเบียนหนังสือรับ (ข้อมูลข่าวสารลับ)');
  await expect(page.locator('main')).toContainText('ตารางการเบิกจ่าย.pdf');
  // Routed only to a named cleared person: no unit can be chosen, nor the uncleared.
  const form = page.getByRole('form', { name: 'ส่งต่อ' });
  await expect(form.getByLabel('ส่งถึง 1')).toHaveCount(0);
  await expect(form.getByLabel('เลือก… 1').locator('option')).not.toContainText(['นางวันเพ็ญ รักงาน']);
  await form.getByLabel('เลือก… 1').selectOption({ label: 'นายวิชัย ศรีสง่า (ปลัดสำนักนายกรัฐมนตรี)' });
  await form.getByRole('button', { name: 'ส่งต่อ', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ส่งต่อแล้ว' })).toBeVisible();
  const receivedUrl = page.url();
  await signOut(page);

  // The cleared person it was routed to unlocks and opens it: the copy is marked with his name and agency.
  await signIn(page, 'opm', 'director');
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
  await page.goto(receivedUrl);
  await unlock(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(draftSubject);
  const received = page.waitForEvent('download');
  await page.getByRole('button', { name: 'ดาวน์โหลด', exact: true }).first().click();
  const marked = await PDFDocument.load(await (await (await received).createReadStream()).toArray().then((c) => Buffer.concat(c)));
  expect(marked.getSubject()).toContain('นายวิชัย ศรีสง่า');
  expect(marked.getSubject()).toContain('สำนักงานปลัดสำนักนายกรัฐมนตรี');
  await signOut(page);

  // An uncleared clerk of that agency finds nothing of it anywhere.
  await signIn(page, 'opm', 'clerk');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await expect(page.locator('main')).not.toContainText('หนังสือลับ ๑ ฉบับ');
  await expect(page.locator('main')).not.toContainText(draftSubject);
  await page.goto(receivedUrl);
  await expect(page.locator('main')).toContainText('ไม่พบรายการที่ต้องการ');
});

test('a signed classified letter is revised as a new sealed draft, its reason sealed on the signed one', async ({ page }) => {
  const subject = 'รายงานสถานะเงินทดรองราชการลับประจำเดือน';
  const letterUrl = await draftClassifiedForSigning(page, subject, 'รายงานสถานะเงินทดรองราชการ\n\nจึงเรียนมาเพื่อโปรดทราบ');
  await signAsDirector(page, letterUrl);
  // The signer finds a mistake: the letter becomes a new sealed draft, opened here under its own key.
  await page.getByLabel('เหตุผลที่ต้องแก้ไข').fill('ตัวเลขยอดคงเหลือไม่ตรงบัญชี');
  await page.getByRole('button', { name: 'แก้ไขเป็นฉบับใหม่' }).click();
  await expect(page).not.toHaveURL(letterUrl);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  await expect(page.getByTestId('outgoing-state')).toHaveText('ร่าง');
  await page.goto(letterUrl);
  await unlock(page);
  await expect(page.locator('main')).toContainText('หนังสือฉบับนี้ไม่ส่ง เพราะแก้ไขเป็นฉบับใหม่แล้ว: ตัวเลขยอดคงเหลือไม่ตรงบัญชี');
});

test('every page, walked by people who may not open the demo\'s classified letter, shows nothing of it', async ({ page }) => {
  test.setTimeout(300_000);
  // The demo's ลับ letter at cgd (sent from opm), as its director opens it: its id is in the address.
  await signIn(page, 'cgd', 'director');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await page.getByRole('link', { name: 'หนังสือลับ ๑ ฉบับ' }).first().click();
  await expect(page).toHaveURL(/\/letters\/[0-9a-f-]{36}$/);
  const letterId = page.url().split('/').pop()!;
  await signOut(page);

  const pages = [
    '/', '/inbox', '/outgoing', '/outgoing/new', `/outgoing/${letterId}`, `/letters/${letterId}`, '/registers', '/registers/checks', '/search',
    `/search?q=${encodeURIComponent('หนังสือ')}`, '/outbox', '/clearance', '/account', '/admin', '/admin/audit', '/admin/people', `/admin/people/${letterId}`,
    '/admin/units', '/admin/settings', '/admin/mail', '/admin/signing',
  ];
  const people: Array<[string, string, string]> = [
    ['cgd', 'clerk', 'an uncleared clerk of the receiving agency'],
    ['cgd', 'admin', 'its admin, not appointed'],
    ['dla', 'registry', 'a ลับมาก-cleared officer of another agency'],
    ['dla', 'admin', 'another agency\'s admin'],
  ];
  for (const [agency, username, who] of people) {
    await signIn(page, agency, username);
    await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
    for (const path of pages) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const text = await page.locator('body').innerText();
      expect(text, `${path} as ${who}`).not.toContain('หนังสือลับ ๑ ฉบับ');
      expect(text, `${path} as ${who}`).not.toContain('ทดสอบหนังสือลับสาธิต');
      // The letter's own pages: not found, or not this person's to open at all.
      if (path.includes(letterId) && !path.startsWith('/admin')) expect(text, `${path} as ${who}`).toMatch(/ไม่พบรายการที่ต้องการ|ไม่มีสิทธิ์เข้าถึงหน้านี้/);
    }
    // Its files answer as if there were none (or, for one without the right to open letters, not at all).
    const file = await page.request.get(`/api/letters/${letterId}/files/${letterId}`);
    expect([403, 404], who).toContain(file.status());
    await signOut(page);
  }
});
