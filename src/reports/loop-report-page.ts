import type { Locale } from '../common/locale';
import { translate } from '../common/strings';
import { barChartSvg } from './report-chart';
import type { LoopFunnelRow } from './loop-report.repository';

/** The loop funnel as a picture: inputs from meetups → board items → planned → shipped, with the median days. */
export function loopFunnelChart(funnel: LoopFunnelRow, locale: Locale): string {
  const t = (key: string, params = {}) => translate(locale, key, params);
  const inputs = funnel.suggestions + funnel.questions;
  const bars = [
    { label: t('reports.loop.inputs'), value: inputs },
    { label: t('reports.loop.withItem'), value: funnel.withItem },
    { label: t('reports.loop.items'), value: funnel.items },
    { label: t('reports.loop.planned'), value: funnel.planned },
    { label: t('reports.loop.shipped'), value: funnel.shipped },
  ];
  return barChartSvg({
    id: 'chart-loop',
    title: t('reports.loop.title'),
    desc: bars.map((b) => `${b.label}: ${b.value}`).join(t('listSeparator')),
    max: Math.max(1, inputs, funnel.items),
    colour: '#2f855a',
    bars: bars.map((b) => ({ ...b, shown: String(b.value) })),
  });
}

export function medianDaysShown(funnel: LoopFunnelRow): string {
  return funnel.medianDaysToShipped === null ? '—' : (Math.round(funnel.medianDaysToShipped * 10) / 10).toFixed(1);
}
