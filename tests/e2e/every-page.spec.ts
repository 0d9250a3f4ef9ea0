import { expect, test, type Page } from '@playwright/test';
import { seriousViolations, shot, signIn } from './helpers';

/**
 * Every page, as the people who use it see it, on a phone (390×844), a tablet (768×1024) and
 * a desk (1280×800): the page never scrolls sideways, axe finds nothing serious or critical,
 * no message key shows raw, and no text mixes Thai and Arabic digits.
 */
const sizes = [{ width: 390, height: 844 }, { width: 768, height: 1024 }, { width: 1280, height: 800 }];

async function signedIn(page: Page, agency: string, username: string) {
  await signIn(page, agency, username);
  await expect(page.getByRole('navigation', { name: 'เมนู' })).toBeAttached();
}

/** What a person must never see: message keys (letters.subject, errors.x), raw values (letter_routed), digits of both kinds in one text. */
async function textProblems(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style, noscript, [hidden]')) continue;
      if (/\b[a-z][a-zA-Z]+\.[a-z][a-zA-Z]+(\.[a-zA-Z]+)*\b/.test(text) && !/@|https?:|\.(th|com|org|net|pdf|xlsx|docx|eml|png|jpg|md)\b|\bnpm\b/.test(text)) problems.push(`raw key: ${text.trim().slice(0, 80)}`);
      if (/\b[a-z]+_[a-z_]+\b/.test(text) && !/@|https?:|npm|\.(pdf|xml)/.test(text)) problems.push(`raw value: ${text.trim().slice(0, 80)}`);
      if (/[๐-๙]/.test(text) && /[0-9]/.test(text)) problems.push(`mixed digits: ${text.trim().slice(0, 80)}`);
    }
    return problems;
  });
}

async function check(page: Page, path: string, name: string) {
  const found: string[] = [];
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.goto(path);
    await settled(page);
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    if (scroll > width) found.push(`${path} at ${size.width}: ${scroll} px wide`);
    if (size.width === 390) await shot(page, `every-${name}-phone`);
  }
  // axe and the text once, at the desk size (the content is the same).
  found.push(...(await seriousViolations(page)).map((v) => `${path}: ${v}`));
  found.push(...(await textProblems(page)).map((v) => `${path}: ${v}`));
  return found;
}

/** The page loaded and its lists fetched (the live-update stream stays open, so the network is never idle). */
async function settled(page: Page) {
  await page.waitForLoadState('load');
  await page.waitForTimeout(800);
}

/** The first link on `path` to an address under `prefix`, for pages about one thing (a letter, a person). */
async function firstLink(page: Page, path: string, prefix: string) {
  await page.goto(path);
  const pattern = new RegExp(`^${prefix}[0-9a-f-]{36}$`);
  await expect.poll(async () => (await page.locator(`a[href^="${prefix}"]`).evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).find((h) => pattern.test(h)) ?? null).not.toBeNull();
  return (await page.locator(`a[href^="${prefix}"]`).evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).find((h) => pattern.test(h))!;
}

test.describe.configure({ timeout: 300_000 });

test('a registry officer\'s pages fit every screen and pass the checks', async ({ page }, info) => {
  await signedIn(page, 'opm', 'registry');
  // A registered letter and a draft of the officer's own, made through the API as the pages do.
  const call = async (path: string, input: unknown) => {
    const response = await page.request.post(`/api/trpc/${path}`, { data: input, headers: { origin: info.project.use.baseURL! } });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()).result.data as { id: string };
  };
  const { id } = await call('intake.recordPaperLetter', {
    documentNumber: 'กค ๐๔๐๒/ว ๓๒๑', letterDate: '2026-11-30', fromText: 'กรมบัญชีกลาง', toText: 'ปลัดสำนักนายกรัฐมนตรี',
    subject: 'ขอเชิญประชุมหารือแนวทางการจัดเก็บเอกสารอิเล็กทรอนิกส์ของส่วนราชการ ครั้งที่ ๑/๒๕๖๙',
  });
  await call('registry.register', { letterId: id });
  const draft = await call('outgoing.create', { kind: 'external', content: {
    subject: 'ขอส่งรายงานผลการดำเนินงานระบบสารบรรณอิเล็กทรอนิกส์', salutation: 'เรียน', addressee: 'อธิบดีกรมบัญชีกลาง', references: [], enclosures: [],
    body: ['ด้วยสำนักงานปลัดสำนักนายกรัฐมนตรีขอส่งรายงานผลการดำเนินงาน', 'จึงเรียนมาเพื่อโปรดทราบ'], closing: 'ขอแสดงความนับถือ',
    signer: { name: '(นายวิชัย ศรีสง่า)', position: 'ปลัดสำนักนายกรัฐมนตรี' }, ownerUnit: 'กองกลาง', phone: '๐ ๒๒๘๐ ๙๐๐๐', fax: '', email: 'saraban@opm.go.th',
    copies: [], urgency: 'urgent', secrecy: 'normal', circular: false, replyToLetterId: null, extra: {}, recipients: [],
  } });
  const letter = `/letters/${id}`;
  const outgoing = `/outgoing/${draft.id}`;
  const pages: Array<[string, string]> = [
    ['/', 'home'], ['/inbox', 'inbox'], ['/outgoing', 'outgoing'], ['/outgoing/new?kind=external', 'draft'], ['/outgoing/new?kind=memo', 'memo'],
    ['/registers', 'registers'], ['/registers/checks', 'checks'], ['/search?q=ประชุม', 'search'], ['/outbox', 'outbox'],
    ['/account', 'account'], ['/help', 'help'], ['/help/draft', 'help-draft'], ['/keeping', 'keeping'],
  ];
  pages.push([letter!, 'letter'], [outgoing!, 'outgoing-letter']);
  const found: string[] = [];
  for (const [path, name] of pages) found.push(...await check(page, path, name));
  expect(found).toEqual([]);
});

test('an agency admin\'s and an executive\'s pages fit every screen and pass the checks', async ({ page, browser }) => {
  await signedIn(page, 'opm', 'admin');
  const person = await firstLink(page, '/admin/people', '/admin/people/');
  const pages: Array<[string, string]> = [
    ['/admin', 'admin'], ['/admin/people', 'people'], ['/admin/units', 'units'], ['/admin/settings', 'settings'],
    ['/admin/mail', 'mail'], ['/admin/exchange', 'exchange'], ['/admin/signing', 'signing'], ['/admin/audit', 'audit'], ['/keeping', 'keeping-admin'], ['/keeping/import', 'import'],
  ];
  pages.push([person!, 'person']);
  const found: string[] = [];
  for (const [path, name] of pages) found.push(...await check(page, path, name));

  const director = await browser.newPage();
  await signedIn(director, 'opm', 'director');
  found.push(...await check(director, '/clearance', 'clearance'));
  expect(found).toEqual([]);
});

test('the sign-in page and the platform operator\'s pages fit every screen and pass the checks', async ({ page }) => {
  const found = await check(page, '/login', 'login');
  await page.goto('/login?as=operator');
  await page.getByLabel('ชื่อผู้ใช้').fill('operator');
  await page.getByLabel('รหัสผ่าน').fill('saraban-demo');
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
  await expect(page.getByRole('heading', { name: 'หน่วยงานบนแพลตฟอร์ม' })).toBeVisible();
  for (const [path, name] of [['/platform', 'platform'], ['/platform/backups', 'backups']] as const) found.push(...await check(page, path, name));
  expect(found).toEqual([]);
});
