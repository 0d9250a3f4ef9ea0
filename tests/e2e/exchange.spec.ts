import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, fitsPhone, ownerSql, seriousViolations, shot, signIn as signInOnly, signOut } from './helpers';

async function signIn(page: Page, agency: string, username: string) {
  await signInOnly(page, agency, username);
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeVisible();
}

const subject = 'ขอความร่วมมือสำรวจข้อมูลการใช้ระบบแลกเปลี่ยนหนังสือภาครัฐ';

test('an admin tests the exchange connection; a letter goes to another agency through the exchange, is registered there, and the sender sees the number', async ({ page }) => {
  test.setTimeout(180_000);
  // The demo agencies are connected to the demo's exchange node: the admin checks it.
  await signIn(page, 'opm', 'admin');
  await page.goto('/admin/exchange');
  await expect(page.getByRole('heading', { level: 1, name: 'ระบบแลกเปลี่ยนหนังสือภาครัฐ (ECMS)' })).toBeVisible();
  await expect(page.getByLabel('รหัสส่วนราชการ (กรม)')).toHaveValue('0101');
  await page.getByRole('button', { name: 'ทดสอบการเชื่อมต่อ' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'เชื่อมต่อได้' })).toContainText(/กระทรวง [๐-๙\d]+ แห่ง/);
  // Letters pulled but not yet in the waiting list would be listed with their reason: none are held back.
  await expect(page.getByRole('region', { name: 'หนังสือที่ดึงมาแล้ว รอนำเข้ารายการรอลงรับ' })).toContainText('ไม่มีรายการค้าง');
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'exchange-1-admin');
  await fitsPhone(page, 'exchange-1-admin-phone');
  await signOut(page);

  // A clerk of กรมบัญชีกลาง drafts to กรมส่งเสริมการปกครองท้องถิ่น, found in the exchange's directory.
  await signIn(page, 'cgd', 'clerk');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือออก' }).click();
  await page.getByLabel('ชนิดหนังสือ').selectOption({ label: 'หนังสือภายนอก' });
  await page.getByRole('button', { name: 'ร่างหนังสือใหม่' }).click();
  await expect(page.getByRole('form', { name: 'หนังสือภายนอก' })).toBeVisible();
  await page.getByLabel('เรื่อง', { exact: true }).fill(subject);
  await page.getByLabel('ถึง (ผู้รับตามตำแหน่ง)').fill('อธิบดีกรมส่งเสริมการปกครองท้องถิ่น');
  await page.getByLabel('ข้อความ (เว้นบรรทัดว่างระหว่างย่อหน้า)').fill('ด้วยกรมบัญชีกลางขอความร่วมมือสำรวจข้อมูลการใช้ระบบแลกเปลี่ยนหนังสือ\n\nจึงเรียนมาเพื่อโปรดพิจารณา');
  await page.getByLabel('ค้นชื่อหน่วยงาน').fill('ส่งเสริมการปกครอง');
  await page.getByRole('button', { name: 'เพิ่ม กรมส่งเสริมการปกครองท้องถิ่น' }).click();
  await expect(page.getByTestId('exchange-recipients')).toContainText('กรมส่งเสริมการปกครองท้องถิ่น');
  await expect(page.getByTestId('exchange-recipients')).toContainText('ผ่านระบบแลกเปลี่ยนหนังสือภาครัฐ');
  await shot(page, 'exchange-2-draft');
  await page.getByRole('button', { name: 'สร้างร่าง' }).click();
  await expect(page).toHaveURL(/\/outgoing\/[0-9a-f-]{36}$/);
  const signer = page.getByLabel('ผู้ลงนาม', { exact: true });
  await signer.selectOption({ index: 1 });
  await page.getByRole('button', { name: 'เสนอ', exact: true }).click();
  await expect(page.getByText('เสนอแล้ว')).toBeVisible();
  const letterUrl = page.url();
  await signOut(page);

  await signIn(page, 'cgd', 'director');
  await page.goto(letterUrl);
  await page.getByLabel('รหัสผ่านของท่าน').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ลงนาม', exact: true }).click();
  await expect(page.getByTestId('outgoing-state')).toHaveText('ลงนามแล้ว');
  await signOut(page);

  await signIn(page, 'cgd', 'registry');
  await page.goto(letterUrl);
  await page.getByRole('button', { name: 'ส่งหนังสือ' }).click();
  await expect(page.getByTestId('deliveries')).toContainText('ระบบแลกเปลี่ยนหนังสือภาครัฐ');
  // The receiving system's receipt notice comes back through the exchange.
  await expect(page.getByTestId('deliveries')).toContainText('ถึงผู้รับแล้ว', { timeout: 60_000 });
  await signOut(page);

  // The receiving agency finds it waiting, registers it; the accept notice carries its number back.
  await signIn(page, 'dla', 'registry');
  await page.getByRole('navigation', { name: 'เมนู' }).getByRole('link', { name: 'หนังสือเข้า' }).click();
  await expect(page.getByRole('row', { name: new RegExp(subject) })).toBeVisible();
  await page.getByRole('button', { name: `ลงรับ ${subject}` }).click();
  const registered = page.getByRole('status').filter({ hasText: /ลงรับแล้ว เลขทะเบียนรับ [๐-๙]+/ });
  await expect(registered).toBeVisible();
  const number = /เลขทะเบียนรับ ([๐-๙]+)/.exec(await registered.innerText())![1]!;
  await signOut(page);

  await signIn(page, 'cgd', 'registry');
  await page.goto(letterUrl);
  await expect(page.getByTestId('deliveries')).toContainText('ผู้รับลงรับแล้ว', { timeout: 60_000 });
  await expect(page.getByTestId('deliveries')).toContainText(new RegExp(`เลขรับ (${number}|${[...number].map((d) => '๐๑๒๓๔๕๖๗๘๙'.indexOf(d)).join('')})`));
  await shot(page, 'exchange-3-registered');
  await signOut(page);

  // The clerk who drafted it was told it was signed; opening the letter from the notice marks it read.
  await signIn(page, 'cgd', 'clerk');
  await expect(page.getByTestId('unread-count')).toHaveText('๑');
  await page.getByRole('button', { name: /^การแจ้งเตือน/ }).click();
  await page.getByRole('dialog', { name: 'การแจ้งเตือน' }).getByRole('link', { name: new RegExp(subject) }).click();
  await expect(page).toHaveURL(letterUrl);
  await expect(page.getByTestId('deliveries')).toContainText('ผู้รับลงรับแล้ว');
  await expect(page.getByTestId('unread-count')).toHaveCount(0);
});

test('an admin sees a pulled letter the pulls stopped trying to take, with the reason, and tries it again until it is taken', async ({ page }) => {
  // Kept by a pull while the file store was away, tried twelve times (about sixteen hours; no next try), loaded
  // directly into the e2e server's database: a receipt notice about a letter opm never sent.
  const messageId = `uuid:${randomUUID()}`;
  const sql = ownerSql();
  try {
    const message = '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing"'
      + ' xmlns:rsm="urn:th:gov:egif:data:standard:GovernmentDocument:1.0" xmlns:ram="urn:th:gov:egif:data:standard:ReusableAggregateBusinessInformationEntity:1">'
      + `<soap:Header><wsa:MessageID>${messageId}</wsa:MessageID></soap:Header><soap:Body><rsm:CorrespondenceLetterInboundResponse><ram:ProcessID>e2e-kept</ram:ProcessID>`
      + `<ram:MessageID>${messageId}</ram:MessageID><ram:SenderID>0301</ram:SenderID><rsm:ReceiveLetterNotifier><ram:LetterMessageID>uuid:never-sent</ram:LetterMessageID>`
      + '<ram:LetterID>มท 0808/1</ram:LetterID><ram:Description></ram:Description><ram:SenderParty><ram:MinistryOrganization><ram:ID>03</ram:ID></ram:MinistryOrganization>'
      + '<ram:DepartmentOrganization><ram:ID>0301</ram:ID></ram:DepartmentOrganization></ram:SenderParty></rsm:ReceiveLetterNotifier></rsm:CorrespondenceLetterInboundResponse></soap:Body></soap:Envelope>';
    await sql`insert into exchange_arrivals (tenant_id, id, process_id, sender_id, message_id, message, attempts, last_error, tried_at)
      select id, gen_random_uuid(), ${`e2e-kept-${messageId}`}, '0301', ${messageId}, ${message}, 12, 'storage_unavailable', now() from tenants where code = 'opm'`;
  } finally {
    await sql.end();
  }
  await signIn(page, 'opm', 'admin');
  await page.goto('/admin/exchange');
  const kept = page.getByRole('region', { name: 'หนังสือที่ดึงมาแล้ว รอนำเข้ารายการรอลงรับ' });
  const row = kept.getByRole('row', { name: new RegExp(messageId) });
  await expect(row).toContainText('0301');
  await expect(row).toContainText('หยุดลองแล้ว');
  await expect(row).toContainText(/(๑๒|12) ครั้ง/);
  await expect(row).toContainText('ที่เก็บไฟล์ของระบบไม่พร้อมให้บริการชั่วคราว');
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'exchange-4-kept');
  // The table scrolls inside its frame (its column heading for screen readers too): the page does not widen.
  await fitsPhone(page, 'exchange-4-kept-phone');
  // The file store is back: the admin tries it again, and the job takes it (a notice about nothing of opm's: nothing more to do).
  await row.getByRole('button', { name: 'นำเข้าอีกครั้ง' }).click();
  await expect(kept.getByRole('status')).toHaveText('สั่งนำเข้าอีกครั้งแล้ว');
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('region', { name: 'หนังสือที่ดึงมาแล้ว รอนำเข้ารายการรอลงรับ' })).toContainText('ไม่มีรายการค้าง', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
});
