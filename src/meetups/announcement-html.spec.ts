import { announcementHtml } from './announcement-html';

describe('announcement preview', () => {
  it('renders headings, lists, emphasis and bare links like the forum', () => {
    const html = announcementHtml('# Meetup\n\n- **When:** Saturday\n\nSee https://forum.example.com/t/1');
    expect(html).toContain('<h1>Meetup</h1>');
    expect(html).toContain('<li><strong>When:</strong> Saturday</li>');
    expect(html).toContain('<a href="https://forum.example.com/t/1">https://forum.example.com/t/1</a>');
  });

  it('shows raw HTML as text and drops javascript: links', () => {
    const html = announcementHtml(
      '<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))',
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/href="javascript:/i);
  });
});
