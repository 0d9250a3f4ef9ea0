import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, scanPdf, shot, signIn as signInOnly, signOut, violations } from './helpers';

/** Signs in and waits for the signed-in shell, so that a following goto is not raced by the sign-in redirect. */
async function signIn(page: Page, agency: string, username: string) {
  await signInOnly(page, agency, username);
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
}

const menu = (page: Page) => page.getByRole('navigation', { name: 'เมนู' });

async function recordPaper(page: Page, subject: string, urgency = 'ปกติ') {
  await page.getByLabel('ที่', { exact: true }).fill('ศธ 04001/ว 77');
  await page.getByLabel('ลงวันที่').fill('1/12/2569');
  await page.getByLabel('จาก', { exact: true }).fill('สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน');
  await page.getByLabel('ถึง', { exact: true }).fill('อธิบดีกรมบัญชีกลาง');
  await page.getByLabel('เรื่อง', { exact: true }).fill(subject);
  await page.getByLabel('ชั้นความเร็ว').selectOption({ label: urgency });
  await page.getByRole('button', { name: 'บันทึกเข้าระบบ' }).click();
  await expect(page.getByText('บันทึกแล้ว รอลงรับ')).toBeVisible();
}

test('a registry officer registers several letters at once, returns one to the right unit, and a refused file says which and why', async ({ page }) => {
  await signIn(page, 'cgd', 'registry');
  await menu(page).getByRole('link', { name: 'หนังสือเข้า' }).click();

  // A file that is not what its name says is refused by name and reason; nothing is recorded.
  await page.getByLabel('เรื่อง', { exact: true }).fill('หนังสือที่แนบไฟล์ปลอม');
  await page.getByLabel('ที่', { exact: true }).fill('ศธ 04001/ว 76');
  await page.getByLabel('ลงวันที่').fill('1/12/2569');
  await page.getByLabel('จาก', { exact: true }).fill('สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน');
  await page.getByLabel('ถึง', { exact: true }).fill('อธิบดีกรมบัญชีกลาง');
  await page.getByLabel('ไฟล์สแกน (PDF, JPEG, PNG, TIFF)').setInputFiles([
    { name: 'หนังสือ.pdf', mimeType: 'application/pdf', buffer: await scanPdf() },
    { name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('this is not a pdf') },
  ]);
  await page.getByRole('button', { name: 'บันทึกเข้าระบบ' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'fake.pdf: เนื้อหาของไฟล์ไม่ใช่ PDF ตามที่นามสกุลของชื่อไฟล์ระบุ' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'หนังสือที่แนบไฟล์ปลอม' })).toHaveCount(0);
  await page.getByLabel('ไฟล์สแกน (PDF, JPEG, PNG, TIFF)').setInputFiles([]);
  await page.getByLabel('เรื่อง', { exact: true }).fill('');

  await recordPaper(page, 'ขอความร่วมมือตอบแบบสำรวจ ฉบับที่ ๑');
  await recordPaper(page, 'ขอเชิญประชุมด่วนที่สุด', 'ด่วนที่สุด');
  await recordPaper(page, 'ขอเบิกจ่ายเงินงบประมาณ ส่งผิดหน่วย');

  // Ticked in any order, registered in the list's order: the most urgent first, numbers one after another.
  await page.getByLabel('เลือก ขอความร่วมมือตอบแบบสำรวจ ฉบับที่ ๑').check();
  await page.getByLabel('เลือก ขอเชิญประชุมด่วนที่สุด').check();
  await page.getByRole('button', { name: 'ลงรับที่เลือก (๒ ฉบับ)' }).click();
  const done = page.getByRole('status').filter({ hasText: /ลงรับแล้ว ๒ ฉบับ เลขทะเบียนรับ [๐-๙]+–[๐-๙]+/ });
  await expect(done).toBeVisible();
  const [first, last] = (/([๐-๙]+)–([๐-๙]+)/.exec((await done.textContent())!)!).slice(1);
  await expect(page.getByRole('link', { name: 'ขอเชิญประชุมด่วนที่สุด' })).toHaveCount(0);

  // The third was received by the wrong unit: passed to the right unit's registry with the reason.
  await page.getByRole('button', { name: 'ส่งคืน ขอเบิกจ่ายเงินงบประมาณ ส่งผิดหน่วย' }).click();
  await page.getByLabel('ทะเบียนของหน่วยงานอื่น (รับผิดหน่วยงาน)').check();
  await page.getByRole('button', { name: 'ยืนยันส่งคืน' }).click();
  await expect(page.getByText('กรุณาระบุเหตุผลที่ส่งคืน')).toBeVisible();
  await page.getByLabel('หน่วยงานที่ถูกต้อง').selectOption({ label: 'กองการเงินการคลังภาครัฐ' });
  await page.getByLabel('เหตุผลที่ส่งคืน').fill('เป็นเรื่องของกองการเงินการคลังภาครัฐ');
  expect(await violations(page)).toEqual([]);
  await shot(page, 'officer-day-1-return');
  await page.getByRole('button', { name: 'ยืนยันส่งคืน' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ส่งให้ทะเบียนกองการเงินการคลังภาครัฐแล้ว' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'ขอเบิกจ่ายเงินงบประมาณ ส่งผิดหน่วย' })).toHaveCount(0);

  // The register says whose it is, and answers a range of days; the urgent letter took the first number.
  await menu(page).getByRole('link', { name: 'ทะเบียนหนังสือ' }).click();
  await expect(page.getByRole('heading', { name: /ทะเบียนหนังสือรับ ปี พ.ศ. ๒๕/ })).toBeVisible();
  const today = new Date(Date.now() + 7 * 3_600_000);
  const be = `${today.getUTCDate()}/${today.getUTCMonth() + 1}/${today.getUTCFullYear() + 543}`;
  await page.getByLabel('ตั้งแต่วันที่').fill(be);
  await page.getByLabel('ถึงวันที่').fill(`1/1/${today.getUTCFullYear() + 543}`);
  await page.getByRole('button', { name: 'แสดง' }).click();
  await expect(page.getByText('วันที่เริ่มต้นอยู่หลังวันที่สิ้นสุด กรุณาสลับช่วงวันที่')).toBeVisible();
  await page.getByLabel('ถึงวันที่').fill(be);
  await page.getByRole('button', { name: 'แสดง' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`^${first} .*ขอเชิญประชุมด่วนที่สุด`) })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(`^${last} .*ขอความร่วมมือตอบแบบสำรวจ`) })).toBeVisible();
  await shot(page, 'officer-day-2-register-range');
});

test('a clerk chooses the signer from those who may sign; an e-mail with no mail service is shown as kept in the local outbox', async ({ page }) => {
  const subject = 'ขอความอนุเคราะห์ข้อมูลสถิติการเบิกจ่าย ประจำปีงบประมาณ ๒๕๖๙';
  await signIn(page, 'cgd', 'clerk');
  await page.goto('/outgoing/new?kind=external');
  await page.getByLabel('เรื่อง', { exact: true }).fill(subject);
  await page.getByLabel('ถึง (ผู้รับตามตำแหน่ง)').fill('ผู้อำนวยการสำนักงานสถิติ');
  await page.getByLabel('ข้อความ (เว้นบรรทัดว่างระหว่างย่อหน้า)').fill('ด้วยกรมบัญชีกลางประสงค์จะขอข้อมูลสถิติการเบิกจ่าย\n\nจึงเรียนมาเพื่อโปรดพิจารณา');
  await page.getByLabel('อีเมลผู้รับภายนอก (บรรทัดละหนึ่งที่อยู่)').fill('stat@example.org');
  // Only people who may sign are offered; choosing one fills the name and position as printed, without brackets.
  const chooser = page.getByLabel('เลือกผู้ลงนามจากผู้มีสิทธิ์ลงนาม');
  await expect(chooser.locator('option')).toHaveText(['เลือก…', 'นางสุนันทา บัญชีงาม — อธิบดีกรมบัญชีกลาง']);
  await chooser.selectOption({ label: 'นางสุนันทา บัญชีงาม — อธิบดีกรมบัญชีกลาง' });
  await expect(page.getByLabel('ชื่อผู้ลงนาม', { exact: true })).toHaveValue('นางสุนันทา บัญชีงาม');
  await expect(page.getByLabel('ตำแหน่งผู้ลงนาม')).toHaveValue('อธิบดีกรมบัญชีกลาง');
  await page.getByRole('button', { name: 'สร้างร่าง' }).click();
  await expect(page).toHaveURL(/\/outgoing\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel('ผู้ลงนาม', { exact: true }).locator('option')).toHaveText(['เลือก…', 'นางสุนันทา บัญชีงาม — อธิบดีกรมบัญชีกลาง']);
  await page.getByLabel('ผู้ลงนาม', { exact: true }).selectOption({ label: 'นางสุนันทา บัญชีงาม — อธิบดีกรมบัญชีกลาง' });
  await page.getByRole('button', { name: 'เสนอ', exact: true }).click();
  await expect(page.getByText('เสนอแล้ว')).toBeVisible();
  const letterUrl = page.url();
  await signOut(page);

  // The director signs; the director's menu has no register item (a refusal behind it).
  await signIn(page, 'cgd', 'director');
  await expect(menu(page).getByRole('link', { name: 'ทะเบียนหนังสือ' })).toHaveCount(0);
  await page.goto(letterUrl);
  await page.getByLabel('รหัสผ่านของท่าน').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ลงนาม', exact: true }).click();
  await expect(page.getByTestId('outgoing-state')).toHaveText('ลงนามแล้ว');
  await signOut(page);

  await signIn(page, 'cgd', 'registry');
  await page.goto(letterUrl);
  await page.getByRole('button', { name: 'ส่งหนังสือ' }).click();
  await expect(page.getByTestId('deliveries')).toContainText('อยู่ในกล่องขาออกในเครื่อง ยังไม่ได้ส่ง', { timeout: 30_000 });
  await expect(page.getByTestId('deliveries')).not.toContainText('ถึงผู้รับแล้ว');
  await expect(page.getByTestId('deliveries')).toContainText('โปรดแจ้งผู้ดูแลระบบของหน่วยงานให้ตั้งค่าการส่งอีเมล');
  await shot(page, 'officer-day-3-local-outbox');
  await signOut(page);

  // The admin is told on every admin page, with how many are kept, and shown where to connect a mail service.
  await signIn(page, 'cgd', 'admin');
  await page.goto('/admin/people');
  await expect(page.getByTestId('mail-service-notice')).toContainText(/ยังไม่ได้เชื่อมต่อบริการส่งอีเมล .* ขณะนี้มี [๐-๙]+ ฉบับ/);
  await page.getByTestId('mail-service-notice').getByRole('link', { name: 'ตั้งค่าการส่งอีเมลผ่านเครื่องแม่ข่ายของหน่วยงาน (SMTP)' }).click();
  await expect(page).toHaveURL(/\/admin\/mail#smtp$/);
  await expect(page.getByRole('heading', { name: 'ส่งหนังสือทางอีเมลผ่านเครื่องแม่ข่ายของหน่วยงาน (SMTP)' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('a send number is reserved for a letter signed on paper, and its scan attached later', async ({ page }) => {
  await signIn(page, 'cgd', 'registry');
  await menu(page).getByRole('link', { name: 'หนังสือออก' }).click();
  const card = page.locator('section', { has: page.getByRole('heading', { name: 'จองเลขหนังสือส่ง' }) });
  await card.getByRole('button', { name: 'จองเลข' }).click();
  await expect(card.getByText('กรุณากรอกข้อมูล').first()).toBeVisible();
  await card.getByLabel('เรื่อง', { exact: true }).fill('ขอความอนุเคราะห์ใช้สถานที่จัดประชุม');
  await card.getByLabel('ถึง', { exact: true }).fill('ผู้ว่าราชการจังหวัดเชียงใหม่');
  await card.getByLabel('เหตุผลที่จองเลข').fill('อธิบดีลงนามในกระดาษระหว่างเดินทางไปราชการ');
  expect(await violations(page)).toEqual([]);
  await card.getByRole('button', { name: 'จองเลข' }).click();
  await expect(card.getByRole('status')).toContainText(/จองเลขแล้ว ที่ กค ๐๔๐๑\/[๐-๙]+/);
  await page.getByTestId('reserved').getByRole('link', { name: 'ขอความอนุเคราะห์ใช้สถานที่จัดประชุม' }).click();
  await expect(page.getByTestId('outgoing-state')).toHaveText('จองเลขไว้ รอแนบหนังสือ');
  await page.getByLabel('ไฟล์สแกนหนังสือที่ลงนามแล้ว').setInputFiles({ name: 'หนังสือลงนาม.pdf', mimeType: 'application/pdf', buffer: await scanPdf('signed on paper', { scanned: true }) });
  await page.getByRole('button', { name: 'แนบหนังสือ' }).click();
  await expect(page.getByTestId('outgoing-state')).toHaveText('ลงนามในกระดาษ แนบแล้ว');
  await expect(page.getByTestId('signed-file')).toContainText('หนังสือลงนาม.pdf');
  await shot(page, 'officer-day-4-paper-letter');
});

test('a scanned letter fills in its own details: recording it takes fewer keystrokes than typing them', async ({ page }) => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { renderLetterPdf } = await import('../../server/letters/render-letter');
  const { sampleLetters } = await import('../../server/letters/sample-letters');
  // A paper letter from another agency, scanned at 300 dpi (an image: only OCR can read it).
  const letter = { ...sampleLetters.external, documentNumber: 'นร 0105/ว 4321', date: '2026-11-27', subject: 'ขอเชิญประชุมชี้แจงแนวทางการจัดทำงบประมาณ', addressee: 'อธิบดีกรมบัญชีกลาง', urgency: 'urgent' as const };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scan-'));
  writeFileSync(path.join(dir, 'l.pdf'), renderLetterPdf(letter));
  execFileSync('pdftoppm', ['-r', '300', '-f', '1', '-l', '1', '-gray', '-png', path.join(dir, 'l.pdf'), path.join(dir, 'l')]);
  const scan = readFileSync(path.join(dir, 'l-1.png'));
  const truth: Record<string, [string, string]> = {
    documentNumber: ['ที่', 'นร ๐๑๐๕/ว ๔๓๒๑'], letterDate: ['ลงวันที่', '27/11/2569'], fromText: ['จาก', letter.agency.nameTh],
    toText: ['ถึง', letter.addressee], subject: ['เรื่อง', letter.subject],
  };
  const same = (a: string, b: string) => a.replace(/\s+/g, '').replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50)) === b.replace(/\s+/g, '').replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));

  await signIn(page, 'cgd', 'registry');
  await menu(page).getByRole('link', { name: 'หนังสือเข้า' }).click();
  const field = (label: string) => page.getByLabel(label, { exact: true });

  // Without a proposal: every detail typed.
  let typedWithout = 0;
  for (const [label, value] of Object.values(truth)) {
    await field(label).pressSequentially(value.replace('ขอเชิญประชุม', 'ขอเชิญประชุม (ไม่มีสแกน) '));
    typedWithout += value.length;
  }
  await page.getByRole('button', { name: 'บันทึกเข้าระบบ' }).click();
  await expect(page.getByText('บันทึกแล้ว รอลงรับ')).toBeVisible();

  // With the scan chosen first: the details are proposed; only what is wrong is typed again.
  await page.getByLabel('ไฟล์สแกน (PDF, JPEG, PNG, TIFF)').setInputFiles({ name: 'สแกนหนังสือ.png', mimeType: 'image/png', buffer: scan });
  await expect(page.getByRole('status').filter({ hasText: /กรอกรายละเอียดที่อ่านได้จากไฟล์สแกนให้ [๐-๙0-9]+ ช่อง/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('ชั้นความเร็ว')).toHaveValue('urgent');
  let typedWith = 0;
  for (const [label, value] of Object.values(truth)) {
    if (same(await field(label).inputValue(), value)) continue;
    await field(label).fill('');
    await field(label).pressSequentially(value);
    typedWith += value.length;
  }
  await shot(page, 'officer-day-5-proposed');
  await page.getByRole('button', { name: 'บันทึกเข้าระบบ' }).click();
  await expect(page.getByRole('link', { name: letter.subject, exact: true })).toBeVisible();
  console.log(`[prefill] keystrokes: ${typedWithout} typing every detail, ${typedWith} with the scan's proposal`);
  // A field proposed wrong is counted as typed again whole (an officer may only add the missing mark): still less than half.
  expect(typedWith).toBeLessThan(typedWithout / 2);
});
