/**
 * `npm run bench -- search`: search over a million letters of one agency and 100 agencies of
 * 10,000 each (subjects, senders and OCR text from a Thai word list with a Zipf-like frequency,
 * document numbers, dates across five years). Every letter is indexed by the real indexer (the
 * ingest rate), then 1,000 mixed queries run through the real procedure as a signed-in person
 * (search.letters: the session, the agency's transaction, the search function, the rows shown
 * under row-level security, snippets) and, in the same run, the same queries as raw SQL over the
 * same index as the owner (the same page in the same ranking, the same count; no app, no access
 * rule), each asked first every other time. Figures under `search` in bench/results.json.
 *
 * SEARCH_BIG (1,000,000), SEARCH_AGENCIES (100), SEARCH_EACH (10,000), SEARCH_QUERIES (1,000) scale it.
 */
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { BenchResult } from './run';
import { percentile } from './lib';

const BIG = Number(process.env.SEARCH_BIG ?? 1_000_000);
const AGENCIES = Number(process.env.SEARCH_AGENCIES ?? 100);
const EACH = Number(process.env.SEARCH_EACH ?? 10_000);
const QUERIES = Number(process.env.SEARCH_QUERIES ?? 1_000);

/** Words of official letters, most frequent first (the draw below favours the head, as real text does). */
const WORDS = `ขอ เชิญ ประชุม ส่ง รายงาน ขอความร่วมมือ แจ้ง ผล การ ดำเนินงาน โครงการ งบประมาณ ประจำปี พิจารณา อนุมัติ ข้อมูล สำรวจ
บุคลากร จัดซื้อ จัดจ้าง แนวทาง ปฏิบัติ ราชการ หนังสือ เวียน คำสั่ง แต่งตั้ง คณะกรรมการ ตรวจ ติดตาม ประเมิน ผลสัมฤทธิ์ ตัวชี้วัด แผน
ยุทธศาสตร์ พัฒนา ระบบ สารบรรณ อิเล็กทรอนิกส์ ฝึกอบรม สัมมนา หลักสูตร เบิกจ่าย ค่าใช้จ่าย เดินทาง ไป ต่างประเทศ ขออนุญาต ลา
ศึกษา ต่อ ทุน รัฐบาล นโยบาย นายกรัฐมนตรี มติ คณะรัฐมนตรี ร่าง ระเบียบ กฎหมาย พระราชบัญญัติ กฎกระทรวง ประกาศ ข้อบังคับ
ความปลอดภัย สารสนเทศ เครือข่าย คอมพิวเตอร์ จัดเก็บ เอกสาร ทำลาย ตรวจสอบ ภายใน บัญชี การเงิน พัสดุ ครุภัณฑ์ ที่ดิน อาคาร
สิ่งก่อสร้าง ซ่อมแซม บำรุงรักษา ยานพาหนะ น้ำมัน เชื้อเพลิง ประหยัด พลังงาน สิ่งแวดล้อม ขยะ มูลฝอย น้ำท่วม ภัยแล้ง บรรเทา
สาธารณภัย ช่วยเหลือ ผู้ประสบภัย เกษตรกร ชาวนา ข้าว ยางพารา ปาล์ม ประมง ปศุสัตว์ โรคระบาด วัคซีน สาธารณสุข โรงพยาบาล
ผู้สูงอายุ คนพิการ เด็ก เยาวชน สตรี ครอบครัว แรงงาน ต่างด้าว ท่องเที่ยว วัฒนธรรม ประเพณี ศาสนา กีฬา การศึกษา โรงเรียน
มหาวิทยาลัย วิจัย นวัตกรรม วิทยาศาสตร์ เทคโนโลยี ดิจิทัล เศรษฐกิจ การค้า การลงทุน ส่งออก นำเข้า ภาษี ศุลกากร สรรพสามิต
ท้องถิ่น จังหวัด อำเภอ ตำบล หมู่บ้าน ชุมชน ประชาชน ร้องเรียน ร้องทุกข์ ทุจริต ประพฤติมิชอบ วินัย สอบสวน ข้อเท็จจริง
อุทธรณ์ ศาลปกครอง อัยการ ตำรวจ ทหาร ชายแดน ความมั่นคง ยาเสพติด ป้องกัน ปราบปราม นกเงือก ช้างป่า ป่าชายเลน ปะการัง
อุทยาน แห่งชาติ เขื่อน ชลประทาน ประปา ไฟฟ้า ถนน สะพาน รถไฟ ท่าอากาศยาน ท่าเรือ ขนส่ง มวลชน โทรคมนาคม ไปรษณีย์`.split(/\s+/);

const SENDERS = ['สำนักเลขาธิการคณะรัฐมนตรี', 'กรมบัญชีกลาง', 'สำนักงบประมาณ', 'กรมส่งเสริมการปกครองท้องถิ่น', 'สำนักงาน ก.พ.',
  'กรมการปกครอง', 'กรมป่าไม้', 'กรมชลประทาน', 'สำนักงานตำรวจแห่งชาติ', 'กระทรวงการคลัง', 'กระทรวงมหาดไทย', 'กรมอุทยานแห่งชาติ สัตว์ป่า และพันธุ์พืช'];
const PREFIXES = ['นร', 'กค', 'มท', 'ทส', 'กษ', 'สธ', 'ศธ', 'อว', 'คค', 'พณ'];

/** A seeded random source, so every run asks the same 1,000 questions. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The document number the loader below gives letter number g (the same formula). */
function documentNumber(g: number) {
  return `${PREFIXES[g % 10]} 0${100 + ((g * 7) % 900)}/${1 + ((g * 13) % 5000)}`;
}

type Query = { label: string; agency: 'big' | 'small'; input: Record<string, unknown> };

/** 1,000 questions an officer asks: rare and common words, phrases, numbers, date ranges, combinations. */
function queries(rand: () => number, phrases: string[]): Query[] {
  const word = (from: number, to: number) => WORDS[from + Math.floor(rand() * (to - from))]!;
  const out: Query[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const agency = rand() < 0.8 ? 'big' : 'small';
    const year = 2565 + Math.floor(rand() * 5);
    const month = 1 + Math.floor(rand() * 12);
    const kind = i % 8;
    const input: Record<string, unknown> =
      kind === 0 ? { q: word(0, 15) }
      : kind === 1 ? { q: word(120, WORDS.length) }
      : kind === 2 ? { q: phrases[Math.floor(rand() * phrases.length)] }
      : kind === 3 ? { q: `${word(40, 120)} ${word(0, 40)}` }
      : kind === 4 ? { q: documentNumber(1 + Math.floor(rand() * (agency === 'big' ? BIG : EACH))) }
      : kind === 5 ? { q: word(0, 80), from: `1/${month}/${year}`, to: `28/${month}/${year}` }
      : kind === 6 ? { from: `1/${month}/${year}`, to: `${month === 2 ? 28 : 30}/${month}/${year}`, urgency: 'urgent' }
      : { q: word(20, 150), party: SENDERS[Math.floor(rand() * SENDERS.length)]!.split(' ')[0], sort: 'newest' };
    out.push({ label: ['common word', 'rare word', 'two words together', 'two words', 'document number', 'word and month', 'month and urgency', 'word and sender'][kind]!, agency, input });
  }
  return out;
}

export async function run(): Promise<BenchResult> {
  // SEARCH_PG_URL: a database this benchmark loaded and indexed before (kept by SEARCH_KEEP=1): the
  // questions are asked again, and the ingest rate is that of re-indexing SEARCH_REINDEX letters of
  // the big agency into the full index.
  const reuse = process.env.SEARCH_PG_URL;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-bench-search-'));
  chmodSync(dir, 0o755);
  const { freePort } = await import('@/server/runtime/free-port');
  const { startEmbeddedPostgres, serverBuffersMb } = await import('@/server/runtime/embedded-postgres');
  const { enableRoleLogins, migrateDatabase } = await import('@/db/migrate');
  const pg = reuse ? { ownerUrl: reuse, stop: async () => {} }
    // Sized as a dedicated database server is (EMBEDDED_PG_SHARED_BUFFERS_MB does this for the app).
    : await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'bench', database: 'saraban_bench', sharedBuffersMb: serverBuffersMb(os.totalmem()) });
  try {
    await migrateDatabase(pg.ownerUrl);
    const { appUrl, platformUrl } = await enableRoleLogins(pg.ownerUrl, 'bench-secret-0123456789abcdef0123456789');
    Object.assign(process.env, { DATABASE_APP_URL: appUrl, DATABASE_PLATFORM_URL: platformUrl, NEXTAUTH_SECRET: 'bench-secret-0123456789abcdef0123456789', DB_POOL_MAX: '4',
      // Named only because the settings require them: search touches no object store.
      S3_BUCKET: 'saraban-bench', S3_ACCESS_KEY_ID: 'unused', S3_SECRET_ACCESS_KEY: 'unused' });
    const { createAgency: provisionAgency } = await import('@/server/platform/create-agency');
    const { createCaller } = await import('@/server/routers/_app');
    const { runInTenant } = await import('@/db/scope');
    const { createPerson } = await import('@/server/people/create-person');
    const { indexPendingLetters } = await import('@/server/search/index-letters');
    const { searchPlan, searchInput, EXACT_COUNT_CAP } = await import('@/server/search/search-letters');
    const { signedIn } = await import('./lib');
    const { closePools } = await import('@/db/client');
    const owner = postgres(pg.ownerUrl, { max: 1, onnotice: () => {} });

    const agencies: Array<{ tenantId: string; rootUnitId: string; adminId: string; officerId: string; letters: number }> = [];
    let loadSeconds = 0;
    let indexed = 0;
    let ingestStarted = 0;
    if (reuse) {
      agencies.push(...await owner<typeof agencies>`
        select t.id as "tenantId", u.id as "rootUnitId", a.id as "adminId", r.id as "officerId",
          (select count(*)::int from letters l where l.tenant_id = t.id) as letters
        from tenants t join units u on u.tenant_id = t.id and u.parent_id is null
        join users a on a.tenant_id = t.id and a.username = 'admin' join users r on r.tenant_id = t.id and r.username = 'registry'
        order by substring(t.code from 3)::int`);
      const again = Number(process.env.SEARCH_REINDEX ?? 200_000);
      await owner`insert into search_pending (tenant_id, letter_id, direction)
        select tenant_id, letter_id, direction from letter_search where tenant_id = ${agencies[0]!.tenantId} limit ${again}`;
      ingestStarted = performance.now();
      for (let n = await indexPendingLetters(owner); n > 0; n = await indexPendingLetters(owner)) indexed += n;
    } else {
      // The agencies and their registry officers (of the root unit, who may open every letter of it).
      const operator = { id: '00000000-0000-4000-8000-000000000001', fullName: 'ผู้ดูแลแพลตฟอร์ม' };
      for (let i = 0; i <= AGENCIES; i++) {
        const made = await provisionAgency(operator, {
          code: `ag${i}`, nameTh: i === 0 ? 'กระทรวงใหญ่' : `กรมที่ ${i}`, nameEn: '', ministryCode: 'นร', ownerNumber: `0${100 + i}`,
          address: 'กรุงเทพฯ', phone: '0 2000 0000', email: '',
          admin: { username: 'admin', fullNameTh: 'ผู้ดูแล', position: 'นักวิชาการ', email: '', password: 'bench-password-1' },
        });
        // Its registry officer, of the root unit: who searches below.
        const officerId = await runInTenant({ tenantId: made.tenantId, userId: made.adminId }, async (tx) => (await createPerson(tx, made.tenantId,
          { kind: 'user', id: made.adminId, name: 'ผู้ดูแล' }, { username: 'registry', password: 'bench-password-1', fullNameTh: 'นายทะเบียน',
            fullNameEn: '', position: 'เจ้าพนักงานธุรการ', email: '', memberships: [{ unitId: made.rootUnitId, role: 'central_registry_officer' }] })).id);
        agencies.push({ ...made, officerId, letters: i === 0 ? BIG : EACH });
      }

      // Letters as years of intake would have left them (subjects without spaces between words, as Thai
      // is written), a third with OCR text of their scans. Loaded without the tables' triggers (the
      // copied columns are written here), then every letter marked for the indexer at once, as
      // migration 0049 marked the letters already kept.
      const started = performance.now();
      await owner`set session_replication_role = replica`;
      const words = `{${WORDS.map((w) => `"${w}"`).join(',')}}`;
      const senders = `{${SENDERS.map((w) => `"${w}"`).join(',')}}`;
      const prefixes = `{${PREFIXES.map((w) => `"${w}"`).join(',')}}`;
      for (const a of agencies) {
        for (let from = 1; from <= a.letters; from += 100_000) {
          const to = Math.min(a.letters, from + 99_999);
          await owner.unsafe(`
            with w as (select $1::text[] as words, $2::text[] as senders, $3::text[] as prefixes)
            insert into letters (tenant_id, id, unit_id, channel, document_number, letter_date, from_text, to_text, subject, urgency, received_at)
            select $4::uuid, md5($4::text || g)::uuid, $5::uuid, 'paper',
              prefixes[1 + g % 10] || ' 0' || (100 + (g * 7) % 900) || '/' || (1 + (g * 13) % 5000),
              date '2022-01-01' + (g % 1826), senders[1 + (g * 31) % array_length(senders, 1)], 'อธิบดี',
              (select string_agg(words[1 + floor(array_length(words, 1) * power(((g * 2654435761::bigint + k * 40503) % 1000003) / 1000003.0, 2.2))::int], '')
                 from generate_series(1, 4 + g % 5) k),
              case when g % 17 = 0 then 'urgent' else 'normal' end,
              (date '2022-01-01' + (g % 1826))::timestamptz
            from generate_series($6::int, $7::int) g, w`, [words, senders, prefixes, a.tenantId, a.rootUnitId, from, to] as never[]);
          await owner.unsafe(`
            insert into letter_files (tenant_id, id, letter_id, kind, object_key, file_name, content_type, size, sha256)
            select $1::uuid, md5('f' || $1::text || g)::uuid, md5($1::text || g)::uuid, 'original', 'bench/' || g, 'สแกน' || g || '.pdf', 'application/pdf', 1, 'x'
            from generate_series($2::int, $3::int) g where g % 3 = 0`, [a.tenantId, from, to] as never[]);
          await owner.unsafe(`
            with w as (select $1::text[] as words)
            insert into letter_texts (tenant_id, id, letter_id, file_id, unit_id, secrecy, source, text)
            select $2::uuid, md5('t' || $2::text || g)::uuid, md5($2::text || g)::uuid, md5('f' || $2::text || g)::uuid, $5::uuid, 'normal', 'ocr',
              (select string_agg(words[1 + floor(array_length(words, 1) * power(((g * 2246822519::bigint + k * 65537) % 1000003) / 1000003.0, 1.8))::int],
                                 case when k % 6 = 0 then ' ' else '' end)
                 from generate_series(1, 60) k)
            from generate_series($3::int, $4::int) g, w where g % 3 = 0`, [words, a.tenantId, from, to, a.rootUnitId] as never[]);
        }
      }
      await owner`set session_replication_role = origin`;
      await owner`insert into search_pending (tenant_id, letter_id, direction) select tenant_id, id, 'in' from letters`;
      await owner`vacuum analyze letters`;
      loadSeconds = (performance.now() - started) / 1000;

      // Ingest: the real indexer, batch after batch, until every marked letter is indexed.
      ingestStarted = performance.now();
      for (let n = await indexPendingLetters(owner); n > 0; n = await indexPendingLetters(owner)) {
        indexed += n;
        if (indexed % 100_000 < n) console.error(`indexed ${indexed}`);
      }
    }
    const total = agencies.reduce((n, a) => n + a.letters, 0);
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    await owner`vacuum analyze letter_search`;
    const [size] = await owner<{ index: number; table: number }[]>`
      select (pg_indexes_size('letter_search') / 1048576.0)::float as index, (pg_table_size('letter_search') / 1048576.0)::float as table`;

    // The questions, asked by the registry officer of the big agency or of one of the small ones.
    const rand = random(2569);
    // Two words written together, as they stand in subjects of the big agency.
    const { wordsOf } = await import('@/core/search-text');
    const sample = await owner<{ subject: string }[]>`select subject from letter_search where tenant_id = ${agencies[0]!.tenantId} order by letter_id limit 300`;
    const phrases = sample.map((r) => wordsOf(r.subject)).filter((w) => w.length >= 3).map((w) => `${w[1]}${w[2]}`);
    const asked = queries(rand, phrases);
    const callers = new Map<string, ReturnType<typeof createCaller>>();
    const callerOf = async (tenantId: string, personId: string) => {
      if (!callers.has(tenantId)) callers.set(tenantId, createCaller({ session: await signedIn(tenantId, personId), requestedUnitId: null, ip: '127.0.0.1', setCookie: () => {} }));
      return callers.get(tenantId)!;
    };
    // The memory the search functions are given (migration 0050), for the raw SQL too.
    await owner`set work_mem = '64MB'`;
    type Timing = { label: string; app: number; raw: number; hits: number };
    const timings: Timing[] = [];
    // Warm both paths alike (the first queries of a fresh process pay for loading code and plans).
    for (const q of asked.slice(0, 20)) {
      const a = q.agency === 'big' ? agencies[0]! : agencies[1]!;
      await (await callerOf(a.tenantId, a.officerId)).search.letters(q.input as never).catch(() => null);
    }
    for (const [i, q] of asked.entries()) {
      const a = q.agency === 'big' ? agencies[0]! : agencies[1 + (i % AGENCIES)]!;
      const caller = await callerOf(a.tenantId, a.officerId);
      const asApp = async () => {
        const t0 = performance.now();
        const found = await caller.search.letters(q.input as never);
        return { found, ms: performance.now() - t0 };
      };
      // The same question as raw SQL over the same index, as the owner (no access rule): the same page
      // (ranked in the same tiers: the number, the title, the rest; or by date) and the same count.
      const plan = searchPlan(searchInput.parse(q.input));
      const filters = [`tenant_id = '${a.tenantId}'`];
      const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
      const f = plan.filters;
      const tsquery = plan.parsed.tsquery;
      const words = tsquery ? `words @@ ${literal(tsquery)}::tsquery` : 'true';
      const number = plan.parsed.numberKey ? `numbers @> array[${literal(plan.parsed.numberKey)}]` : null;
      if (f.party) filters.push(`party_words @@ ${literal(f.party)}::tsquery`);
      if (f.dateFrom) filters.push(`letter_date >= '${f.dateFrom}'`);
      if (f.dateTo) filters.push(`letter_date <= '${f.dateTo}'`);
      if (f.urgency) filters.push(`urgency = '${f.urgency}'`);
      const where = [...filters, words].join(' and ');
      const notNumber = number ? ` and not ${number}` : '';
      const tiers = tsquery && q.input.sort === undefined
        ? [...(number ? [`${where} and ${number}`] : []), `${filters.join(' and ')} and title @@ ${literal(tsquery)}::tsquery${notNumber}`, `${where} and not title @@ ${literal(tsquery)}::tsquery${notNumber}`]
        : [where];
      const asRaw = async () => {
        const t1 = performance.now();
        let left = 21;
        for (const tier of tiers) {
          left -= (await owner.unsafe(`select letter_id from letter_search where ${tier} order by letter_date desc, letter_id desc limit ${left}`)).length;
          if (left <= 0) break;
        }
        // The count as the app counts it: the planner's estimate when it expects many more than the cap.
        const [explained] = await owner.unsafe<Array<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>>(
          `explain (format json) select 1 from letter_search where ${where}`);
        if (explained!['QUERY PLAN'][0]!.Plan['Plan Rows'] <= 3 * EXACT_COUNT_CAP) {
          // Through the index, as app_search_count is told to (a LIMIT tempts the planner into reading the table in order).
          await owner.begin(async (tx) => {
            await tx.unsafe('set local enable_seqscan = off; set local enable_indexscan = off');
            await tx.unsafe(`select count(*) from (select 1 from letter_search where ${where} limit ${EXACT_COUNT_CAP + 1}) c`);
          });
        }
        return performance.now() - t1;
      };
      // Whichever asks second finds the letters' pages cached: each goes first every other question.
      let app: number;
      let raw: number;
      let found: Awaited<ReturnType<typeof asApp>>['found'];
      if (i % 2 === 0) {
        ({ found, ms: app } = await asApp());
        raw = await asRaw();
      } else {
        raw = await asRaw();
        ({ found, ms: app } = await asApp());
      }
      timings.push({ label: q.label, app, raw, hits: found.total ?? 0 });
      if (process.env.SEARCH_VERBOSE) console.error(JSON.stringify({ i, label: q.label, agency: q.agency, input: q.input, hits: found.total, app: Math.round(app), raw: Math.round(raw) }));
    }
    await owner.end();
    await closePools();

    const stats = (list: Timing[], pick: (t: Timing) => number) => {
      const sorted = list.map(pick).sort((x, y) => x - y);
      return { p50: Number(percentile(sorted, 50).toFixed(1)), p95: Number(percentile(sorted, 95).toFixed(1)) };
    };
    const selective = timings.filter((t) => t.hits <= 1000);
    const broad = timings.filter((t) => t.hits > 1000);
    const sum = (list: Timing[], pick: (t: Timing) => number) => list.reduce((n, t) => n + pick(t), 0);
    const table: Array<Record<string, unknown>> = [];
    for (const label of [...new Set(timings.map((t) => t.label))]) {
      const of = timings.filter((t) => t.label === label);
      const app = stats(of, (t) => t.app);
      const raw = stats(of, (t) => t.raw);
      table.push({ class: label, queries: of.length, median_hits: stats(of, (t) => t.hits).p50, app_p50_ms: app.p50, app_p95_ms: app.p95, raw_p50_ms: raw.p50, raw_p95_ms: raw.p95 });
    }
    const sel = stats(selective, (t) => t.app);
    const brd = stats(broad, (t) => t.app);
    const figures = {
      letters: total,
      agencies: agencies.length,
      queries: timings.length,
      selective_queries: selective.length,
      broad_queries: broad.length,
      selective_p50_ms: sel.p50,
      selective_p95_ms: sel.p95,
      broad_p50_ms: brd.p50,
      broad_p95_ms: brd.p95,
      raw_selective_p95_ms: stats(selective, (t) => t.raw).p95,
      raw_broad_p95_ms: stats(broad, (t) => t.raw).p95,
      // The raw SQL's time over the app's, for the same 1,000 questions (1 = the app adds nothing).
      ratio: Number((sum(timings, (t) => t.raw) / sum(timings, (t) => t.app)).toFixed(2)),
      index_mb: Math.round(size!.index),
      table_mb: Math.round(size!.table),
      ingest_per_s: Math.round(indexed / ingestSeconds),
      load_s: Math.round(loadSeconds),
    };
    table.push({ class: 'selective (≤ 1,000 hits)', queries: selective.length, app_p50_ms: sel.p50, app_p95_ms: sel.p95, raw_p95_ms: figures.raw_selective_p95_ms });
    table.push({ class: 'broad (> 1,000 hits)', queries: broad.length, app_p50_ms: brd.p50, app_p95_ms: brd.p95, raw_p95_ms: figures.raw_broad_p95_ms });
    table.push({ class: `ratio raw/app ${figures.ratio}; index ${figures.index_mb} MB; ingest ${figures.ingest_per_s} letters/s` });
    return { figures: { search: figures }, table };
  } finally {
    if (!process.env.SEARCH_KEEP) {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
