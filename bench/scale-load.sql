-- The registry of a large department after five years, loaded into the demo agency 'opm'
-- for `npm run bench -- scale` (run as the database owner, once, on a fresh demo):
--
--   1,000,000 registered letters, 200,000 a year in 2565–2569 (2022–2026), numbered after
--             what the demo already registered; their dates run to 1 December of each year
--       5,000 letters waiting to be registered
--     100,000 letter files with the text read from them (about 600 characters each)
--     350,000 routing parts (the newest letters): two in three to a unit, one in three to the
--             director; all but the last 30 days' parts closed
--     270,000 notifications to the registry officer, the clerk and the director
--      50,000 sent letters (10,000 a year) in the send register, each delivered to cgd
--
-- Every value is derived from the line number, so two loads give the same data.
begin;
set local synchronous_commit = off;

create temp table p on commit drop as
select t.id tenant, root.id root_unit, clerk_unit.unit_id clerk_unit,
       registry.id registry_user, registry.full_name_th registry_name, director.id director, clerk.id clerk,
       (select id from tenants where code = 'cgd') cgd,
       (select array_agg(id order by name_th) from units u where u.tenant_id = t.id and u.parent_id is not null) units
  from tenants t
  join units root on root.tenant_id = t.id and root.parent_id is null
  join users registry on registry.tenant_id = t.id and registry.username = 'registry'
  join users director on director.tenant_id = t.id and director.username = 'director'
  join users clerk on clerk.tenant_id = t.id and clerk.username = 'clerk'
  join memberships clerk_unit on clerk_unit.tenant_id = t.id and clerk_unit.user_id = clerk.id
 where t.code = 'opm';

insert into registers (tenant_id, id, unit_id, kind, classified, name_th)
select tenant, gen_random_uuid(), root_unit, k.kind, false, k.name from p,
  (values ('receive', 'ทะเบียนหนังสือรับ'), ('send', 'ทะเบียนหนังสือส่ง')) k(kind, name)
on conflict do nothing;

create temp table r on commit drop as
select (select id from registers g where g.tenant_id = p.tenant and g.unit_id = p.root_unit and g.kind = 'receive' and not g.classified) receive,
       (select id from registers g where g.tenant_id = p.tenant and g.unit_id = p.root_unit and g.kind = 'send' and not g.classified) send
  from p;

-- What the demo already numbered stays; the load numbers after it.
insert into register_counters (tenant_id, register_id, year, last_number)
select p.tenant, reg, y, 0 from p, r, generate_series(2022, 2026) y, unnest(array[r.receive, r.send]) reg
on conflict do nothing;
create temp table base on commit drop as
select register_id, year, last_number from register_counters, p where tenant_id = p.tenant;

create temp table w(words text[]) on commit drop;
insert into w values (array['ขอความอนุเคราะห์', 'ขอเชิญประชุม', 'แจ้งผลการพิจารณา', 'ขอส่งรายงาน', 'ขออนุมัติโครงการ', 'ขอให้จัดส่งข้อมูล',
  'แจ้งเวียนหนังสือ', 'ขอรับการสนับสนุน', 'ขอเชิญเข้าร่วมอบรม', 'ขอความร่วมมือ', 'ตอบข้อหารือ', 'ขอยืมตัวข้าราชการ']);
create temp table topics(t text[]) on commit drop;
insert into topics values (array['งบประมาณรายจ่ายประจำปี', 'การจัดซื้อจัดจ้าง', 'การพัฒนาบุคลากร', 'ระบบสารสนเทศ', 'การตรวจสอบภายใน',
  'ความปลอดภัยทางถนน', 'การป้องกันอุทกภัย', 'สวัสดิการข้าราชการ', 'การประเมินผลการปฏิบัติราชการ', 'การรักษาความปลอดภัยไซเบอร์',
  'การส่งเสริมการท่องเที่ยว', 'การบริหารความเสี่ยง', 'การจัดเก็บเอกสาร', 'โครงการพระราชดำริ', 'การฝึกอบรมภาษาอังกฤษ',
  'ระเบียบงานสารบรรณ', 'การเบิกจ่ายค่าเดินทาง', 'การสำรวจข้อมูลประชากร', 'มาตรการประหยัดพลังงาน', 'วันข้าราชการพลเรือน']);
create temp table senders(s text[], codes text[]) on commit drop;
insert into senders values (
  array['กรมบัญชีกลาง', 'กรมส่งเสริมการปกครองท้องถิ่น', 'สำนักงาน ก.พ.', 'กรมการปกครอง', 'สำนักงบประมาณ', 'กระทรวงการคลัง',
        'กรมสรรพากร', 'กรมอุตุนิยมวิทยา', 'สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ', 'กรมทางหลวง', 'จังหวัดเชียงใหม่',
        'จังหวัดขอนแก่น', 'กรมป้องกันและบรรเทาสาธารณภัย', 'สำนักงานตำรวจแห่งชาติ', 'กรมการแพทย์'],
  array['กค 0402', 'มท 0808', 'นร 1008', 'มท 0309', 'นร 0704', 'กค 0100', 'กค 0702', 'ดศ 0503', 'นร 1110', 'คค 0601',
        'ชม 0017', 'ขก 0017', 'มท 0603', 'ตช 0007', 'สธ 0301']);

-- 1,005,000 received letters: the first million registered, the rest waiting.
create temp table l on commit drop as
select n, gen_random_uuid() id,
       case when n <= 1000000 then 2022 + (n - 1) / 200000 else 2026 end as year,
       case when n <= 1000000
            then make_timestamptz(2022 + (n - 1) / 200000, 1, 1, 8, 0, 0, 'Asia/Bangkok') + ((n - 1) % 200000) * interval '144 seconds'
            else timestamptz '2026-12-02 08:00+07' + (n - 1000000) * interval '10 seconds' end as at
  from generate_series(1, 1005000) n;

insert into letters (tenant_id, id, unit_id, channel, document_number, letter_date, from_text, to_text, subject, urgency, secrecy, remarks, received_at, created_by)
select p.tenant, l.id, p.root_unit, case when n % 3 = 0 then 'paper' else 'email' end,
       'ที่ ' || s.codes[1 + n % 15] || '/' || (1 + n % 9000), (l.at - interval '2 days')::date,
       s.s[1 + n % 15], 'ปลัดสำนักนายกรัฐมนตรี',
       w.words[1 + n % 12] || ' เรื่อง' || t.t[1 + (n / 12) % 20] || ' ครั้งที่ ' || (1 + n % 97),
       (array['normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'urgent', 'very_urgent', 'most_urgent'])[1 + n % 9],
       'normal', '', l.at - interval '1 hour', p.registry_user
  from l, p, w, topics t, senders s;

insert into register_entries (tenant_id, register_id, year, number, letter_id, registered_at, registered_by, registered_by_name)
select p.tenant, r.receive, l.year, base.last_number + (l.n - 1) % 200000 + 1, l.id, l.at, p.registry_user, p.registry_name
  from l, p, r, base where l.n <= 1000000 and base.register_id = r.receive and base.year = l.year;
update register_counters c set last_number = c.last_number + 200000 from p, r
 where c.tenant_id = p.tenant and c.register_id = r.receive and c.year between 2022 and 2026;

insert into waiting_letters (tenant_id, letter_id, unit_id, since)
select p.tenant, l.id, p.root_unit, l.at from l, p where l.n > 1000000;

-- One scanned file with its text for every tenth letter.
create temp table f on commit drop as
select l.n, l.id letter_id, gen_random_uuid() id, l.at from l where l.n % 10 = 0 and l.n <= 1000000;
insert into letter_files (tenant_id, id, letter_id, kind, object_key, file_name, content_type, size, sha256, created_at, sealed)
select p.tenant, f.id, f.letter_id, 'original', 'scale/' || f.id, 'หนังสือ-' || f.n || '.pdf', 'application/pdf', 250000,
       md5(f.id::text) || md5(f.n::text), f.at, false
  from f, p;
insert into letter_texts (tenant_id, id, letter_id, file_id, source, text, created_at)
select p.tenant, gen_random_uuid(), f.letter_id, f.id, 'ocr',
       'ด้วย' || s.s[1 + f.n % 15] || ' ได้ดำเนินการเรื่อง' || t.t[1 + f.n % 20] || ' ตามนโยบายของรัฐบาล จึงขอความร่วมมือจากหน่วยงานของท่าน '
       || 'โปรดพิจารณาดำเนินการในส่วนที่เกี่ยวข้อง และแจ้งผลให้ทราบภายในกำหนด รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย '
       || 'ทั้งนี้ สามารถสอบถามรายละเอียดเพิ่มเติมได้ที่ผู้ประสานงาน หมายเลขโทรศัพท์ ๐ ๒๒๘๓ ' || (1000 + f.n % 9000)
       || ' จึงเรียนมาเพื่อโปรดพิจารณา ขอแสดงความนับถือ เลขที่อ้างอิง ' || f.n,
       f.at
  from f, p, senders s, topics t;

-- Routing parts for the newest 350,000 letters.
insert into letter_assignments (tenant_id, id, letter_id, unit_id, user_id, purpose, assigned_by, assigned_by_name, assigned_at, read_at, closed_at, closed_by, closed_by_name)
select p.tenant, gen_random_uuid(), l.id,
       case when l.n % 3 <> 0 then p.units[1 + l.n % array_length(p.units, 1)] end,
       case when l.n % 3 = 0 then p.director end,
       case when l.n % 4 = 0 then 'information' else 'action' end,
       p.registry_user, p.registry_name, l.at + interval '10 minutes',
       case when l.at < now() - interval '7 days' then l.at + interval '1 hour' end,
       case when l.at < now() - interval '30 days' then l.at + interval '3 days' end,
       case when l.at < now() - interval '30 days' then p.registry_user end,
       case when l.at < now() - interval '30 days' then p.registry_name end
  from l, p where l.n > 650000 and l.n <= 1000000;

insert into notifications (tenant_id, id, user_id, kind, letter_id, title, created_at, read_at)
select p.tenant, gen_random_uuid(), (array[p.registry_user, p.clerk, p.director])[1 + l.n % 3], 'letter_routed', l.id,
       'หนังสือเข้าใหม่ เลขรับ ' || l.n, l.at + interval '10 minutes',
       case when l.at < now() - interval '3 days' then l.at + interval '2 hours' end
  from l, p where l.n > 730000 and l.n <= 1000000;

-- 50,000 sent letters, 10,000 a year, each registered in the send register and delivered to cgd.
create temp table o on commit drop as
select n, gen_random_uuid() id, 2022 + (n - 1) / 10000 as year,
       make_timestamptz(2022 + (n - 1) / 10000, 1, 1, 9, 0, 0, 'Asia/Bangkok') + ((n - 1) % 10000) * interval '2880 seconds' as at
  from generate_series(1, 50000) n;
insert into outgoing_letters (tenant_id, id, unit_id, kind, subject, urgency, secrecy, state, version, created_by, created_by_name, created_at, updated_at,
  document_number, register_id, number_year, number, letter_date, signed_at, signed_by, signer_name, signer_position, sent_at, sent_by, sent_by_name)
select p.tenant, o.id, p.root_unit, 'external', w.words[1 + o.n % 12] || ' เรื่อง' || t.t[1 + o.n % 20], 'normal', 'normal', 'sent', 1,
       p.registry_user, p.registry_name, o.at - interval '1 day', o.at,
       'ที่ นร 0105/' || (base.last_number + (o.n - 1) % 10000 + 1), r.send, o.year, base.last_number + (o.n - 1) % 10000 + 1, (o.at)::date::text,
       o.at - interval '1 hour', p.director, 'ผู้อำนวยการ', 'ผู้อำนวยการกอง', o.at, p.registry_user, p.registry_name
  from o, p, r, w, topics t, base where base.register_id = r.send and base.year = o.year;
-- The version of a letter already signed: written as the letter was before it was signed (its guard trigger aside).
set local session_replication_role = replica;
insert into outgoing_versions (tenant_id, letter_id, version, content, note, created_by, created_by_name, created_at)
select p.tenant, o.id, 1,
       jsonb_build_object('kind', 'external', 'subject', '', 'addressee', 'อธิบดีกรมบัญชีกลาง', 'secrecy', 'normal', 'urgency', 'normal', 'circular', false,
         'recipients', jsonb_build_array(jsonb_build_object('copy', false, 'kind', 'agency', 'name', 'กรมบัญชีกลาง', 'tenantId', p.cgd)),
         'body', jsonb_build_array(), 'copies', jsonb_build_array(), 'enclosures', jsonb_build_array(), 'references', jsonb_build_array()),
       '', p.registry_user, p.registry_name, o.at - interval '1 day'
  from o, p;
set local session_replication_role = origin;
insert into send_register_entries (tenant_id, register_id, year, number, outgoing_letter_id, registered_at, registered_by_name)
select p.tenant, r.send, o.year, base.last_number + (o.n - 1) % 10000 + 1, o.id, o.at - interval '1 hour', p.registry_name
  from o, p, r, base where base.register_id = r.send and base.year = o.year;
update register_counters c set last_number = c.last_number + 10000 from p, r
 where c.tenant_id = p.tenant and c.register_id = r.send and c.year between 2022 and 2026;
insert into deliveries (tenant_id, id, outgoing_letter_id, channel, recipient_tenant_id, recipient_name, letter, state, queued_at, delivered_at, registered_at, receive_number, receive_register, confirmed_at, confirmed_by_name)
select p.tenant, gen_random_uuid(), o.id, 'platform', p.cgd, 'กรมบัญชีกลาง', jsonb_build_object('secrecy', 'normal'), 'registered', o.at, o.at + interval '1 minute',
       o.at + interval '2 hours', o.n, 'ทะเบียนหนังสือรับ', o.at + interval '3 hours', p.registry_name
  from o, p;

commit;
