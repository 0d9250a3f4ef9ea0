import type { Role } from './schema';

/** Demo agencies in three ministries, each with one person per role (db/seed.ts). */
export const DEMO_PASSWORD = 'saraban-demo';
/** The classified passphrase of every demo officer appointed for classified work (their key is made at seeding). */
export const DEMO_CLASSIFIED_PASSPHRASE = 'saraban-classified-demo';

type DemoPerson = {
  username: string; fullNameTh: string; fullNameEn: string; position: string;
  roles: Array<{ unit: string; role: Role }>;
  clearance?: 'confidential' | 'secret';
};

type DemoAgency = {
  code: string; nameTh: string; nameEn: string; ministryCode: string; ownerNumber: string;
  address: string; phone: string; email: string;
  /** key → [Thai name, English name, owner number, parent key ('' = the agency itself)] */
  units: Record<string, [string, string, string, string]>;
  people: DemoPerson[];
};

const people = (head: string, headPosition: string, units: [string, string]): DemoPerson[] => [
  { username: 'admin', fullNameTh: 'นายปกรณ์ ดูแลดี', fullNameEn: 'Pakorn Dulaedee', position: 'นักวิชาการคอมพิวเตอร์ชำนาญการ', roles: [{ unit: '', role: 'tenant_admin' }] },
  { username: 'registry', fullNameTh: 'นางสาวสมศรี ใจดี', fullNameEn: 'Somsri Jaidee', position: 'เจ้าพนักงานธุรการชำนาญงาน', roles: [{ unit: '', role: 'central_registry_officer' }], clearance: 'secret' },
  { username: 'clerk', fullNameTh: 'นางวันเพ็ญ รักงาน', fullNameEn: 'Wanpen Rakngan', position: 'เจ้าพนักงานธุรการปฏิบัติงาน', roles: [{ unit: units[0], role: 'unit_clerk' }] },
  { username: 'director', fullNameTh: head, fullNameEn: 'Director', position: headPosition, roles: [{ unit: '', role: 'executive' }], clearance: 'secret' },
  { username: 'staff', fullNameTh: 'นายธนากร มุ่งมั่น', fullNameEn: 'Thanakorn Mungman', position: 'นักจัดการงานทั่วไปปฏิบัติการ', roles: [{ unit: units[0], role: 'staff' }] },
  {
    username: 'multi', fullNameTh: 'นางสาวพิมพ์ชนก สองหน้าที่', fullNameEn: 'Pimchanok Songnathi', position: 'เจ้าพนักงานธุรการปฏิบัติงาน',
    roles: [{ unit: units[0], role: 'unit_clerk' }, { unit: units[1], role: 'staff' }],
  },
];

export const demoAgencies: DemoAgency[] = [
  {
    code: 'opm', nameTh: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', nameEn: 'Office of the Permanent Secretary, Prime Minister\'s Office',
    ministryCode: 'นร', ownerNumber: '0105', address: 'ทำเนียบรัฐบาล ถนนพิษณุโลก เขตดุสิต กรุงเทพฯ ๑๐๓๐๐',
    phone: '0 2280 9000', email: 'saraban@opm.go.th',
    units: {
      central: ['กองกลาง', 'Central Administration Division', '0105', ''],
      hr: ['กองการเจ้าหน้าที่', 'Personnel Division', '0104', ''],
      records: ['ฝ่ายสารบรรณ', 'Correspondence Section', '0105.1', 'central'],
    },
    people: people('นายวิชัย ศรีสง่า', 'ปลัดสำนักนายกรัฐมนตรี', ['central', 'hr']),
  },
  {
    code: 'cgd', nameTh: 'กรมบัญชีกลาง', nameEn: 'The Comptroller General\'s Department',
    ministryCode: 'กค', ownerNumber: '0401', address: 'ถนนพระรามที่ ๖ แขวงพญาไท เขตพญาไท กรุงเทพฯ ๑๐๔๐๐',
    phone: '0 2127 7000', email: 'saraban@cgd.go.th',
    units: {
      secretary: ['สำนักงานเลขานุการกรม', 'Office of the Secretary', '0401', ''],
      budget: ['กองการเงินการคลังภาครัฐ', 'Public Finance Division', '0402', ''],
      records: ['ฝ่ายบริหารทั่วไป', 'General Administration Section', '0401.1', 'secretary'],
    },
    people: people('นางสุนันทา บัญชีงาม', 'อธิบดีกรมบัญชีกลาง', ['secretary', 'budget']),
  },
  {
    code: 'dla', nameTh: 'กรมส่งเสริมการปกครองท้องถิ่น', nameEn: 'Department of Local Administration',
    ministryCode: 'มท', ownerNumber: '0801', address: 'ถนนนครราชสีมา เขตดุสิต กรุงเทพฯ ๑๐๓๐๐',
    phone: '0 2241 9000', email: 'saraban@dla.go.th',
    units: {
      secretary: ['สำนักงานเลขานุการกรม', 'Office of the Secretary', '0801', ''],
      law: ['กองกฎหมายและระเบียบท้องถิ่น', 'Local Law and Regulation Division', '0804', ''],
      records: ['ฝ่ายสารบรรณ', 'Correspondence Section', '0801.1', 'secretary'],
    },
    people: people('นายประยูร ท้องถิ่นไทย', 'อธิบดีกรมส่งเสริมการปกครองท้องถิ่น', ['secretary', 'law']),
  },
];

export const demoOperator = { username: 'operator', fullName: 'ผู้ให้บริการแพลตฟอร์ม' };
