import { MailRenderer } from './mail-renderer';

describe('mail templates', () => {
  const renderer = new MailRenderer();
  const data = {
    title: 'Your meetup <b>tonight</b>',
    name: 'Anna <script>alert(1)</script>',
    paragraphs: ['See you at 19:00 & bring questions.'],
    actionUrl: 'https://meet.example.com/rsvp/abc?x=1&y=2',
    actionLabel: 'Answer',
    unsubscribeUrl: 'https://meet.example.com/unsubscribe/1.x',
  };

  it('renders English with HTML and plain-text parts and the unsubscribe link in both', () => {
    const mail = renderer.render('notice', 'en', data);
    expect(mail.subject).toBe('Your meetup <b>tonight</b>');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('href="https://meet.example.com/rsvp/abc?x&#x3D;1&amp;y&#x3D;2"');
    expect(mail.html).toContain('Unsubscribe</a>');
    expect(mail.text).toContain('Hello Anna <script>alert(1)</script>,');
    expect(mail.text).toContain('Answer: https://meet.example.com/rsvp/abc?x=1&y=2');
    expect(mail.text).toContain('Unsubscribe from meetup invitations: https://meet.example.com/unsubscribe/1.x');
  });

  it('escapes what users wrote in the HTML part', () => {
    const mail = renderer.render('notice', 'en', data);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Anna &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('19:00 &amp; bring questions.');
    expect(mail.html).toContain('<title>Your meetup &lt;b&gt;tonight&lt;/b&gt;</title>');
  });

  it('renders Chinese for zh-CN members', () => {
    const mail = renderer.render('notice', 'zh-CN', { ...data, name: '李伟' });
    expect(mail.html).toContain('<html lang="zh-CN">');
    expect(mail.html).toContain('李伟，你好');
    expect(mail.html).toContain('退订</a>');
    expect(mail.text).toContain('退订同城会邀请：https://meet.example.com/unsubscribe/1.x');
  });

  it('leaves out the unsubscribe footer for mail that is not to a member', () => {
    const mail = renderer.render('notice', 'en', { ...data, unsubscribeUrl: undefined });
    expect(mail.html).not.toContain('Unsubscribe');
    expect(mail.text).not.toContain('Unsubscribe');
  });
});
