import type { LetterKind } from '@/core/letters';

/*
 * The regulation's six kinds of letter (หนังสือภายนอก, ภายใน, ประทับตรา, สั่งการ, ประชาสัมพันธ์,
 * ที่เจ้าหน้าที่ทำขึ้นหรือรับไว้เป็นหลักฐาน) are named in core/letters.ts; here, the parts each one has.
 */

/** A letter as it is printed: every part the kind uses (others are left empty). Text is plain; never markup. */
export type LetterDocument = {
  kind: LetterKind;
  agency: { nameTh: string; address: string };
  /** ที่: "นร 0105/123", "นร 0105/ว 45", or for orders "12/2569"; empty in a draft. */
  documentNumber: string;
  /** ISO date (CE); printed in full Thai with the Buddhist-era year. */
  date: string;
  subject: string;
  /** คำขึ้นต้น and the addressee ("เรียน", "อธิบดีกรมบัญชีกลาง"); ถึง for stamped letters. */
  salutation: string;
  addressee: string;
  references: string[];
  enclosures: string[];
  /** Paragraphs of the body. */
  body: string[];
  /** คำลงท้าย (ขอแสดงความนับถือ); empty where the kind has none. */
  closing: string;
  signer: { name: string; position: string };
  /** ส่วนราชการเจ้าของเรื่อง and contact lines (external and stamped letters). */
  ownerUnit: string;
  phone: string;
  fax: string;
  email: string;
  copies: string[];
  urgency: 'normal' | 'urgent' | 'very_urgent' | 'most_urgent';
  secrecy: 'normal' | 'confidential' | 'secret';
  /** Print digits as Thai digits (an agency's choice; e-mail addresses keep theirs). */
  thaiDigits: boolean;
  /** The agency's own words kept whole at line ends (its settings), beside the built-in dictionary. */
  words?: string[];
  /** A signed letter: when (ISO date, HH:MM in Bangkok) and its verification page, printed with a QR (SVG). */
  signed?: { date: string; time: string; url: string; qr: string };
  /** Minutes: meeting facts. Regulation/by-law: "ว่าด้วย …" goes in subject. */
  extra?: { issue?: string; place?: string; present?: string[]; absent?: string[]; attending?: string[]; opened?: string; closed?: string; recorder?: string };
};
