import { describe, expect, it } from 'vitest';
import { proposeDetails } from '@/server/intake/propose-details';

const letter = `ด่วนมาก
ที่ นร ๐๑๐๕/ว ๑๒๓๔                          สำนักงานปลัดสำนักนายกรัฐมนตรี
                                          ทำเนียบรัฐบาล ถนนพิษณุโลก
                                          เขตดุสิต กรุงเทพฯ ๑๐๓๐๐
                                        ๒๔ พฤศจิกายน ๒๕๖๙
เรื่อง ขอความร่วมมือในการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ของ
            ส่วนราชการ
เรียน อธิบดีกรมบัญชีกลาง
อ้างถึง หนังสือกรมบัญชีกลาง ที่ กค ๐๔๐๒/ว ๗๗ ลงวันที่ ๓ พฤศจิกายน ๒๕๖๙
            ตามหนังสือที่อ้างถึง กรมบัญชีกลางแจ้งความประสงค์`;

const memo = `      ด่วนที่สุด          บันทึกข้อความ
ลับ
ส่วนราชการ กองกลาง สำนักงานปลัดสำนักนายกรัฐมนตรี โทร. ๐ ๒๒๘๐ ๙๐๐๐
ที่ นร 0105.1/456               วันที่ 3 ธ.ค. 2569
เรื่อง ขออนุมัติจัดประชุมคณะทำงาน
เรียน ปลัดสำนักนายกรัฐมนตรี
           ด้วยกองกลางมีความประสงค์จะจัดประชุม`;

describe('proposing a scanned letter’s details', () => {
  it('reads a letter: its number (with ว), the Thai date, the subject over two lines, the letterhead, เรียน and the urgency', () => {
    expect(proposeDetails(letter)).toEqual({
      documentNumber: 'นร ๐๑๐๕/ว ๑๒๓๔', letterDate: '2026-11-24', subject: 'ขอความร่วมมือในการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ของส่วนราชการ',
      fromText: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'อธิบดีกรมบัญชีกลาง', urgency: 'very_urgent', secrecy: 'normal',
    });
  });

  it('reads a memo: its ส่วนราชการ without the telephone, an abbreviated month in Arabic digits, and a secrecy mark on a line of its own', () => {
    expect(proposeDetails(memo)).toEqual({
      documentNumber: 'นร 0105.1/456', letterDate: '2026-12-03', subject: 'ขออนุมัติจัดประชุมคณะทำงาน',
      fromText: 'กองกลาง สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'ปลัดสำนักนายกรัฐมนตรี', urgency: 'most_urgent', secrecy: 'confidential',
    });
  });

  it('proposes nothing it cannot read: empty fields, no marks, an impossible date left out', () => {
    expect(proposeDetails('ข้อความที่ไม่ใช่หนังสือราชการ\nลงวันที่ ๓๑ กุมภาพันธ์ ๒๕๖๙')).toEqual({
      documentNumber: '', letterDate: '', subject: '', fromText: '', toText: '', urgency: 'normal', secrecy: 'normal',
    });
  });

  it('takes OCR’s noise in its stride: stray marks, spaces inside the number', () => {
    const noisy = `| ที่ กค ๐๔๐๑ / ๕๕ _ กรมบัญชีกลาง\n๕ มกราคม พ.ศ. ๒๕๗๐\nเรื่อง “ขอส่งรายงาน”\nเรียน ผู้ว่าราชการจังหวัดเชียงใหม่`;
    expect(proposeDetails(noisy)).toMatchObject({ documentNumber: 'กค ๐๔๐๑/๕๕', letterDate: '2027-01-05', subject: 'ขอส่งรายงาน', fromText: 'กรมบัญชีกลาง', toText: 'ผู้ว่าราชการจังหวัดเชียงใหม่' });
  });
});

describe('reading what OCR misreads in a scanned letter', () => {
  it('reads the headings and marks as OCR leaves them: tone marks dropped (ดวนทสุด, ท, เรอง, สวนราชการ, เรยน), พ.ศ. without its point; the date only above เรื่อง', () => {
    const ocr = `ดวนทสุด บันทึกข้อความ
สวนราชการ กองกลาง กรมส่งเสริมการปกครองท้องถิน
ท มท ๐๘๐๑.๑/๙๑ วันที ๑๕ พฤศจิกายน พ.ศ ๒๕๖๙
เรอง ขอส่งรายงานผลการดำเนินงานไตรมาสที ๔
เรยน ผู้วาราชการจังหวัดเชียงใหม่
ด้วยจะจัดประชุมในวันที่ ๓ ธันวาคม ๒๕๖๙`;
    expect(proposeDetails(ocr)).toEqual({
      documentNumber: 'มท ๐๘๐๑.๑/๙๑', letterDate: '2026-11-15', subject: 'ขอส่งรายงานผลการดำเนินงานไตรมาสที่ ๔',
      fromText: 'กองกลาง กรมส่งเสริมการปกครองท้องถิ่น', toText: 'ผู้ว่าราชการจังหวัดเชียงใหม่', urgency: 'most_urgent', secrecy: 'normal',
    });
    expect(proposeDetails(ocr.replace('๑๕ พฤศจิกายน พ.ศ ๒๕๖๙', '<')).letterDate).toBe('');
  });

  it('reads Thai digits mark by mark in TH Sarabun, where OCR reads ๖ as ๐ and ๙ as ๕; a word of letters is no number', async () => {
    const { createCanvas } = await import('@napi-rs/canvas');
    const { inkOf, marksOf } = await import('@/server/intake/scan-ink');
    const { numberReader } = await import('@/server/intake/thai-digits');
    const read = await numberReader();
    // Written as a 16-point line is at 300 dpi (a 66-pixel em), in the letters' own type.
    const drawn = async (text: string) => {
      const canvas = createCanvas(900, 120);
      const g = canvas.getContext('2d');
      g.fillStyle = '#ffffff';
      g.fillRect(0, 0, 900, 120);
      g.fillStyle = '#000000';
      g.font = '66px "Sarabun Scan"';
      g.fillText(text, 20, 80);
      const ink = await inkOf(canvas.toBuffer('image/png'));
      return { ink, ...marksOf(ink) };
    };
    const number = await drawn('๐๘๐๑.๑/๒๕๖๙');
    expect(read(number.ink, number.labels, number.marks, 30)).toBe('๐๘๐๑.๑/๒๕๖๙');
    const circular = await drawn('๐๔๐๒/ว');
    expect(read(circular.ink, circular.labels, circular.marks, 30)).toBe('๐๔๐๒/ว');
    const code = await drawn('มท');
    expect(read(code.ink, code.labels, code.marks, 30, true)).toBe('มท');
    expect(read(code.ink, code.labels, code.marks, 30)).toBeNull();
  });

  it('puts back a known name OCR nearly read (a tone mark dropped, a speck read as a vowel), and never a different one', async () => {
    const { correctWords } = await import('@/server/intake/ocr-words');
    expect(correctWords('กรมส่งเสริมการปกครองท้องถิน')).toBe('กรมส่งเสริมการปกครองท้องถิ่น');
    expect(correctWords('ะบบสำรบรรณอิเล็กทรอนิกส์')).toBe('ระบบสารบรรณอิเล็กทรอนิกส์');
    expect(correctWords('เรียน ปลัดสำนักนายกรัฐมนตรี')).toBe('เรียน ปลัดสำนักนายกรัฐมนตรี');
    expect(correctWords('เรียน ผู้อำนวยการสำนักงานเขต', ['สำนักงานเขตดุสิต'])).toBe('เรียน ผู้อำนวยการสำนักงานเขต');
  });
});
