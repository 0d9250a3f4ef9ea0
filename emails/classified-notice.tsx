import { Body, Container, Head, Heading, Html, Preview, Text } from '@react-email/components';

export type ClassifiedNoticeProps = { agencyName: string; officerName: string; link: string };

const text = { fontFamily: 'Sarabun, "TH Sarabun New", Tahoma, sans-serif', fontSize: '16px', lineHeight: '1.6', color: '#1f2937', margin: '0 0 8px' };

/**
 * To an officer a classified letter was sealed for (docs/classified.md): only that a letter
 * awaits them on the platform. No subject, sender, number or secrecy level: the e-mail says
 * nothing of the letter itself.
 */
export default function ClassifiedNotice(p: ClassifiedNoticeProps) {
  return (
    <Html lang="th">
      <Head />
      <Preview>มีหนังสือรอรับในระบบสารบรรณอิเล็กทรอนิกส์</Preview>
      <Body style={{ backgroundColor: '#f3f4f6', padding: '24px 0' }}>
        <Container style={{ backgroundColor: '#ffffff', padding: '24px 32px', borderRadius: '8px', maxWidth: '560px' }}>
          <Heading as="h1" style={{ ...text, fontSize: '20px', fontWeight: 700 }}>มีหนังสือรอรับในระบบ</Heading>
          <Text style={text}>{`เรียน ${p.officerName}`}</Text>
          <Text style={text}>{`มีหนังสือ ๑ ฉบับถึง ${p.agencyName} รอท่านลงรับในระบบสารบรรณอิเล็กทรอนิกส์ รายละเอียดของหนังสือดูได้ในระบบเท่านั้น`}</Text>
          <Text style={text}>{`กรุณาเข้าระบบที่ ${p.link}`}</Text>
          <Text style={{ ...text, fontSize: '13px', color: '#6b7280' }}>
            {`A letter for ${p.agencyName} awaits you on the platform; its details are shown only there.`}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

ClassifiedNotice.PreviewProps = { agencyName: 'กรมบัญชีกลาง', officerName: 'นางสาวสมศรี ใจดี', link: 'http://127.0.0.1:3000/inbox' } satisfies ClassifiedNoticeProps;
