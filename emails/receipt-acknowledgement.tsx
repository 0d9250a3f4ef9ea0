import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from '@react-email/components';

export type ReceiptAcknowledgementProps = {
  agencyName: string;
  agencyContact: string;
  subject: string;
  documentNumber: string;
  letterDate: string;
  receiveNumber: string;
  registerName: string;
  registeredDate: string;
  registeredTime: string;
};

const text = { fontFamily: 'Sarabun, "TH Sarabun New", Tahoma, sans-serif', fontSize: '16px', lineHeight: '1.6', color: '#1f2937', margin: '0 0 8px' };
const label = { ...text, color: '#6b7280', margin: 0, fontSize: '14px' };

/**
 * The receipt back to a sender outside the platform (ระเบียบฯ: the receiver tells the
 * sender the letter was received): the agency, the receive number, and the date and
 * time it was registered. Every value is rendered as text.
 */
export default function ReceiptAcknowledgement(p: ReceiptAcknowledgementProps) {
  return (
    <Html lang="th">
      <Head />
      <Preview>{`${p.agencyName} ได้รับหนังสือของท่านแล้ว เลขรับ ${p.receiveNumber}`}</Preview>
      <Body style={{ backgroundColor: '#f3f4f6', padding: '24px 0' }}>
        <Container style={{ backgroundColor: '#ffffff', padding: '24px 32px', borderRadius: '8px', maxWidth: '560px' }}>
          <Heading as="h1" style={{ ...text, fontSize: '20px', fontWeight: 700 }}>แจ้งการรับหนังสือ</Heading>
          <Text style={text}>{`${p.agencyName} ได้รับและลงทะเบียนรับหนังสือของท่านแล้ว ดังนี้`}</Text>
          <Section style={{ border: '1px solid #e5e7eb', borderRadius: '6px', padding: '12px 16px', margin: '12px 0' }}>
            <Text style={label}>เรื่อง</Text>
            <Text style={text}>{p.subject}</Text>
            {p.documentNumber ? (<><Text style={label}>ที่</Text><Text style={text}>{p.documentNumber}</Text></>) : null}
            {p.letterDate ? (<><Text style={label}>ลงวันที่</Text><Text style={text}>{p.letterDate}</Text></>) : null}
            <Text style={label}>เลขรับ</Text>
            <Text style={{ ...text, fontWeight: 700 }}>{`${p.receiveNumber} (${p.registerName})`}</Text>
            <Text style={label}>วันที่และเวลาที่รับ</Text>
            <Text style={text}>{`${p.registeredDate} เวลา ${p.registeredTime}`}</Text>
          </Section>
          <Text style={text}>{p.agencyContact}</Text>
          <Hr />
          <Text style={{ ...label, fontSize: '13px' }}>
            {`Receipt acknowledgement: ${p.agencyName} has received and registered your letter (receive no. ${p.receiveNumber}, ${p.registeredDate} ${p.registeredTime}). This message was sent automatically; please do not reply to it.`}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

ReceiptAcknowledgement.PreviewProps = {
  agencyName: 'กรมบัญชีกลาง', agencyContact: 'กองกลาง โทร. 0 2127 7000', subject: 'ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณ',
  documentNumber: 'มท 0201/ว 1234', letterDate: '20 พฤศจิกายน 2569', receiveNumber: '125', registerName: 'ทะเบียนหนังสือรับ',
  registeredDate: '24 พฤศจิกายน 2569', registeredTime: '10:42 น.',
} satisfies ReceiptAcknowledgementProps;
