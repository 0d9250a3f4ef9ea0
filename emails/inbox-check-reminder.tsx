import { Body, Container, Head, Heading, Html, Preview, Text } from '@react-email/components';

export type InboxCheckReminderProps = { agencyName: string; officerName: string; slotLabel: string; deadline: string; date: string; waiting: string; link: string };

const text = { fontFamily: 'Sarabun, "TH Sarabun New", Tahoma, sans-serif', fontSize: '16px', lineHeight: '1.6', color: '#1f2937', margin: '0 0 8px' };

/** To registry officers when no one has checked the electronic inbox by a deadline (electronic rule 4.1.2). */
export default function InboxCheckReminder(p: InboxCheckReminderProps) {
  return (
    <Html lang="th">
      <Head />
      <Preview>{`ยังไม่มีการตรวจหนังสือเข้า${p.slotLabel} ${p.date}`}</Preview>
      <Body style={{ backgroundColor: '#f3f4f6', padding: '24px 0' }}>
        <Container style={{ backgroundColor: '#ffffff', padding: '24px 32px', borderRadius: '8px', maxWidth: '560px' }}>
          <Heading as="h1" style={{ ...text, fontSize: '20px', fontWeight: 700 }}>{`เตือนตรวจหนังสือเข้า${p.slotLabel}`}</Heading>
          <Text style={text}>{`เรียน ${p.officerName}`}</Text>
          <Text style={text}>{`ถึงเวลา ${p.deadline} ของวันที่ ${p.date} ยังไม่มีเจ้าหน้าที่สารบรรณของ ${p.agencyName} ตรวจหนังสือเข้าทางระบบ${p.slotLabel} ขณะนี้มีหนังสือรอลงรับ ${p.waiting} ฉบับ`}</Text>
          <Text style={text}>{`กรุณาตรวจหนังสือเข้าที่ ${p.link}`}</Text>
          <Text style={{ ...text, fontSize: '13px', color: '#6b7280' }}>
            {`Reminder: no registry officer of ${p.agencyName} has checked the electronic inbox by ${p.deadline} on ${p.date}.`}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

InboxCheckReminder.PreviewProps = {
  agencyName: 'กรมบัญชีกลาง', officerName: 'นางสาวสมศรี ใจดี', slotLabel: 'ช่วงเช้า', deadline: '10:00 น.', date: '๒๔ พฤศจิกายน ๒๕๖๙',
  waiting: '๓', link: 'http://127.0.0.1:3000/inbox',
} satisfies InboxCheckReminderProps;
