import { badgeEtag, statusBadge } from './status-badge';

describe('status badge', () => {
  it('shows the status, the engineer ID and the votes, escaped', () => {
    const svg = statusBadge({
      status: 'planned',
      statusLabel: 'Planned',
      engineerCode: 'E1024',
      votesLabel: '42 <votes>',
    });
    expect(svg).toContain('>Planned<');
    expect(svg).toContain('>E1024<');
    expect(svg).toContain('42 &lt;votes&gt;');
    expect(svg).not.toContain('<script');
  });

  it('has an ETag that changes with its content', () => {
    const a = statusBadge({ status: 'planned', statusLabel: 'Planned', engineerCode: null, votesLabel: '1 vote' });
    const b = statusBadge({ status: 'planned', statusLabel: 'Planned', engineerCode: null, votesLabel: '2 votes' });
    expect(badgeEtag(a)).toBe(badgeEtag(a));
    expect(badgeEtag(a)).not.toBe(badgeEtag(b));
  });
});
