import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';

export type LetterDeliveryProps = {
  agencyName: string;
  agencyContact: string;
  documentNumber: string;
  letterDate: string;
  subject: string;
  urgency: string;
  toText: string;
  /** Attached (url null), or too large to attach: a download link that works for `linkDays` days. */
  files: Array<{ name: string; url: string | null }>;
  linkDays: number | null;
};

const text = { fontFamily: 'Sarabun, "TH Sarabun New", Tahoma, sans-serif', fontSize: '16px', lineHeight: '1.6', color: '#1f2937', margin: '0 0 8px' };
const label = { ...text, color: '#6b7280', margin: 0, fontSize: '14px' };

/**
 * An official letter sent by e-mail (electronic rule 4.2.2): the signed PDF is attached;
 * the message names the letter so the receiving registry can record it. Every value is
 * rendered as text.
 */
export default function LetterDelivery(p: LetterDeliveryProps) {
  return (
    <Html lang="th">
      <Head />
      <Preview>{`${p.agencyName} ส่งหนังสือ ที่ ${p.documentNumber} เรื่อง ${p.subject}`}</Preview>
      <Body style={{ backgroundColor: '#f3f4f6', padding: '24px 0' }}>
        <Container style={{ backgroundColor: '#ffffff', padding: '24px 32px', borderRadius: '8px', maxWidth: '560px' }}>
          {p.urgency ? <Text style={{ ...text, color: '#c00000', fontWeight: 700, fontSize: '20px' }}>{p.urgency}</Text> : null}
          <Heading as="h1" style={{ ...text, fontSize: '20px', fontWeight: 700 }}>{`หนังสือจาก${p.agencyName}`}</Heading>
          <Section style={{ border: '1px solid #e5e7eb', borderRadius: '6px', padding: '12px 16px', margin: '12px 0' }}>
            {p.documentNumber ? (<><Text style={label}>ที่</Text><Text style={text}>{p.documentNumber}</Text></>) : null}
            <Text style={label}>ลงวันที่</Text>
            <Text style={text}>{p.letterDate}</Text>
            <Text style={label}>เรื่อง</Text>
            <Text style={text}>{p.subject}</Text>
            <Text style={label}>เรียน</Text>
            <Text style={text}>{p.toText}</Text>
            <Text style={label}>{p.linkDays ? `ไฟล์ (ดาวน์โหลดได้ภายใน ${p.linkDays} วัน)` : 'ไฟล์แนบ'}</Text>
            {p.files.map((f) => <Text key={f.name} style={text}>{f.url ? <Link href={f.url}>{f.name}</Link> : f.name}</Text>)}
          </Section>
          <Text style={text}>หนังสือฉบับนี้ลงลายมือชื่ออิเล็กทรอนิกส์ ตรวจสอบความถูกต้องได้จากรหัส QR ท้ายหนังสือ</Text>
          <Text style={text}>{p.agencyContact}</Text>
          <Hr />
          <Text style={{ ...label, fontSize: '13px' }}>
            {`Official letter ${p.documentNumber} from ${p.agencyName}, ${p.linkDays ? `to download within ${p.linkDays} days` : 'attached'} as a digitally signed PDF. Its QR code leads to a page that checks the file is authentic and unchanged.`}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

LetterDelivery.PreviewProps = {
  agencyName: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', agencyContact: 'กองกลาง โทร. 0 2280 9000', documentNumber: 'นร 0105/1234',
  letterDate: '24 พฤศจิกายน 2569', subject: 'ขอความร่วมมือในการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์', urgency: 'ด่วนมาก',
  toText: 'ผู้อำนวยการบริษัท ตัวอย่าง จำกัด', files: [{ name: 'นร 0105-1234.pdf', url: null }], linkDays: null,
} satisfies LetterDeliveryProps;
