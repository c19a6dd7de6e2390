import type { Locale } from '../common/locale';
import { translate } from '../common/strings';
import { barChartSvg } from './report-chart';
import { loopFunnelChart, medianDaysShown } from './loop-report-page';
import { percent } from './report-figures';
import type { Reports, ReportName } from './reports.service';

const dash = (n: number | null) => (n === null ? '—' : n.toFixed(2));
const score = (n: number | null) => (n === null ? '—' : String(n));

/**
 * The report page's pictures, each beside a table of the same numbers: the SVG is built here for
 * the viewer's language; the template only places it.
 */
export function reportCharts(reports: Reports, locale: Locale) {
  const t = (key: string, params = {}) => translate(locale, key, params);
  const sep = t('listSeparator');
  const meetupLabel = (r: { city: string; day: string }) => `${r.city} ${r.day}`;
  // Oldest first reads left to right as time passes; the tables keep newest first.
  const meetups = [...reports.meetups].reverse();
  return {
    rating: barChartSvg({
      id: 'chart-rating',
      title: t('reports.meanRatingPerMeetup'),
      desc: meetups.map((r) => `${meetupLabel(r)}: ${dash(r.meanRating)}`).join(sep),
      max: 5,
      bars: meetups.map((r) => ({ label: meetupLabel(r), value: r.meanRating, shown: dash(r.meanRating) })),
    }),
    response: barChartSvg({
      id: 'chart-response',
      title: t('reports.responseRatePerMeetup'),
      desc: meetups.map((r) => `${meetupLabel(r)}: ${percent(r.responseRate)}`).join(sep),
      max: 1,
      colour: '#2f855a',
      bars: meetups.map((r) => ({ label: meetupLabel(r), value: r.responseRate, shown: percent(r.responseRate) })),
    }),
    cities: barChartSvg({
      id: 'chart-cities',
      title: t('reports.meanRatingPerCity'),
      desc: reports.cities.map((r) => `${r.city} ${r.period}: ${dash(r.meanRating)}`).join(sep),
      max: 5,
      colour: '#6b46c1',
      bars: reports.cities.map((r) => ({
        label: `${r.city} ${r.period}`,
        value: r.meanRating,
        shown: dash(r.meanRating),
      })),
    }),
    loop: loopFunnelChart(reports.loop, locale),
    showUp: barChartSvg({
      id: 'chart-show-up',
      title: t('reports.showUpPerCity'),
      desc: reports.showUp.map((r) => `${r.city}: ${percent(r.showUpRate)}`).join(sep),
      max: 1,
      colour: '#b7791f',
      bars: reports.showUp.map((r) => ({ label: r.city, value: r.showUpRate, shown: percent(r.showUpRate) })),
    }),
  };
}

/** One report's CSV header and rows (common/csv-export.ts writes them): the page's table, rates as fractions, hidden scores empty. */
export function reportCsv(name: ReportName, part: Partial<Reports>): [string[], unknown[][]] {
  const reports = part as Reports; // the part holds what `name` reads
  const rows: Record<ReportName, () => [string[], unknown[][]]> = {
    meetups: () => [
      [
        'meetup_id',
        'day',
        'city',
        'title',
        'requests_sent',
        'answers',
        'response_rate',
        'mean_rating',
        'recommend_score',
      ],
      reports.meetups.map((r) => [
        r.meetupId,
        r.day,
        r.city,
        r.title,
        r.sent,
        r.answers,
        r.responseRate,
        r.meanRating,
        r.recommendScore,
      ]),
    ],
    cities: () => [
      ['city', 'quarter', 'requests_sent', 'answers', 'response_rate', 'mean_rating', 'recommend_score'],
      reports.cities.map((r) => [r.city, r.period, r.sent, r.answers, r.responseRate, r.meanRating, r.recommendScore]),
    ],
    loop: () => [
      [
        'suggestions',
        'questions',
        'with_board_item',
        'board_items',
        'planned_or_further',
        'shipped',
        'median_days_to_shipped',
      ],
      [
        [
          reports.loop.suggestions,
          reports.loop.questions,
          reports.loop.withItem,
          reports.loop.items,
          reports.loop.planned,
          reports.loop.shipped,
          reports.loop.medianDaysToShipped === null ? null : Math.round(reports.loop.medianDaysToShipped * 10) / 10,
        ],
      ],
    ],
    engineers: () => [
      ['engineer_id', 'name', 'meetups', 'questions_answered', 'items_handled', 'items_shipped'],
      reports.engineers.map((e) => [e.code, e.name, e.meetups, e.questionsAnswered, e.itemsHandled, e.itemsShipped]),
    ],
    'show-up': () => [
      ['city', 'meetups', 'accepted', 'checked_in', 'show_up_rate'],
      reports.showUp.map((r) => [r.city, r.meetups, r.accepted, r.checkedIn, r.showUpRate]),
    ],
  };
  return rows[name]();
}

/** The tables beside the charts, with every figure written as staff read it. */
export function reportTables(reports: Reports, locale: Locale) {
  const hidden = translate(locale, 'reports.hiddenBelow');
  const recommend = (r: { recommendScore: number | null; answers: number }) =>
    r.recommendScore === null
      ? hidden
      : translate(locale, 'reports.scoreWithCount', { score: score(r.recommendScore), count: r.answers });
  return {
    meetups: reports.meetups.map((r) => ({
      ...r,
      responseShown: percent(r.responseRate),
      ratingShown: dash(r.meanRating),
      recommendShown: recommend(r),
    })),
    cities: reports.cities.map((r) => ({
      ...r,
      responseShown: percent(r.responseRate),
      ratingShown: dash(r.meanRating),
      recommendShown: recommend(r),
    })),
    showUp: reports.showUp.map((r) => ({ ...r, rateShown: percent(r.showUpRate) })),
    loop: {
      ...reports.loop,
      inputs: reports.loop.suggestions + reports.loop.questions,
      medianShown: medianDaysShown(reports.loop),
    },
    engineers: reports.engineers,
  };
}
