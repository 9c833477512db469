import { MailerService } from '@ptce/server/mail/mailer.service';
import { startTestApp, TestApp } from '../helpers/test-app';

describe('development mail sink', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('catches a mail sent through nodemailer over real SMTP and lists it for admins', async () => {
    const mailer = t.app.get(MailerService);
    await mailer.send({
      to: 'porteur@example.org',
      subject: 'Accusé de réception de votre dossier',
      text: 'Bonjour,\nVotre dossier est bien reçu.',
    });
    const [mail] = await t.sink.waitFor(1);
    expect(mail).toMatchObject({ to: ['porteur@example.org'], subject: 'Accusé de réception de votre dossier' });
    expect(mail.text).toContain('Votre dossier est bien reçu.');
    const admin = await t.as(['admin']);
    const res = await t.http().get('/api/dev/mails').set('Authorization', admin.auth);
    expect(res.status).toBe(200);
    expect(res.body[0].subject).toBe('Accusé de réception de votre dossier');
    const cress = await t.as(['cress'], ['53']);
    expect((await t.http().get('/api/dev/mails').set('Authorization', cress.auth)).status).toBe(403);
  });
});
