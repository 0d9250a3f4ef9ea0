import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from '@react-email/components';

export type LetterReturnedProps = {
  agencyName: string;
  agencyContact: string;
  /** Empty for a classified letter: its subject never leaves in an e-mail. */
  subject: string;
  documentNumber: string;
  letterDate: string;
  reason: string;
  returnedDate: string;
};

const text = { fontFamily: 'Sarabun, "TH Sarabun New", Tahoma, sans-serif', fontSize: '16px', lineHeight: '1.6', color: '#1f2937', margin: '0 0 8px' };
const label = { ...text, color: '#6b7280', margin: 0, fontSize: '14px' };

/**
 * The notice to a sender outside the platform that its letter was returned (ส่งคืน) without
 * being registered, and why. Every value is rendered as text.
 */
export default function LetterReturned(p: LetterReturnedProps) {
  return (
    <Html lang="th">
      <Head />
      <Preview>{`${p.agencyName} ส่งคืนหนังสือของท่าน`}</Preview>
      <Body style={{ backgroundColor: '#f3f4f6', padding: '24px 0' }}>
        <Container style={{ backgroundColor: '#ffffff', padding: '24px 32px', borderRadius: '8px', maxWidth: '560px' }}>
          <Heading as="h1" style={{ ...text, fontSize: '20px', fontWeight: 700 }}>แจ้งการส่งคืนหนังสือ</Heading>
          <Text style={text}>{`${p.agencyName} ไม่ได้ลงทะเบียนรับหนังสือของท่านต่อไปนี้ และขอส่งคืน`}</Text>
          <Section style={{ border: '1px solid #e5e7eb', borderRadius: '6px', padding: '12px 16px', margin: '12px 0' }}>
            {p.subject ? (<><Text style={label}>เรื่อง</Text><Text style={text}>{p.subject}</Text></>) : null}
            {p.documentNumber ? (<><Text style={label}>ที่</Text><Text style={text}>{p.documentNumber}</Text></>) : null}
            {p.letterDate ? (<><Text style={label}>ลงวันที่</Text><Text style={text}>{p.letterDate}</Text></>) : null}
            <Text style={label}>เหตุผลที่ส่งคืน</Text>
            <Text style={{ ...text, fontWeight: 700 }}>{p.reason}</Text>
            <Text style={label}>วันที่ส่งคืน</Text>
            <Text style={text}>{p.returnedDate}</Text>
          </Section>
          <Text style={text}>{p.agencyContact}</Text>
          <Hr />
          <Text style={{ ...label, fontSize: '13px' }}>
            {`Letter returned: ${p.agencyName} did not register your letter and returns it (${p.returnedDate}). The reason is given above. This message was sent automatically; please do not reply to it.`}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

LetterReturned.PreviewProps = {
  agencyName: 'กรมบัญชีกลาง', agencyContact: 'กองกลาง โทร. 0 2127 7000', subject: 'ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณ',
  documentNumber: 'มท 0201/ว 1234', letterDate: '20 พฤศจิกายน 2569', reason: 'ส่งผิดหน่วยงาน เรื่องนี้อยู่ในอำนาจของกรมส่งเสริมการปกครองท้องถิ่น',
  returnedDate: '24 พฤศจิกายน 2569',
} satisfies LetterReturnedProps;
