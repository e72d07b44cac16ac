// Outcomes per day as stacked bars (Recharts renders SVG; no inline <style> needed), with a text
// summary and a table holding the same numbers for screen readers and anyone who prefers text.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { OUTCOME_COLORS, OUTCOME_LABELS } from '../../format/outcomes';
import { shortDay } from '../../format/time';
import { dayTotal, presentOutcomes, summarize, type DayRow } from './history-summary';

const reducedMotion = () =>
  typeof window.matchMedia === 'function' &&
  window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export function OutcomeChart({ days }: { days: DayRow[] }) {
  const outcomes = presentOutcomes(days);
  const activeDays = days.filter((day) => dayTotal(day) > 0);
  const data = days.map((day) => ({ ...day, label: shortDay(day.date) }));
  const animate = !reducedMotion();

  return (
    <section className="section" aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading" className="section__title">
        Outcomes over time
      </h2>
      <p className="chart-summary">{summarize(days)}</p>
      {activeDays.length > 0 && (
        <>
          <figure className="chart" aria-label="Check-in outcomes per day, stacked by outcome">
            <BarChart
              className="chart__svg"
              responsive
              title="Check-ins per day, stacked by outcome"
              desc={summarize(days)}
              data={data}
              margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
            >
              <CartesianGrid vertical={false} />
              <XAxis dataKey="label" />
              <YAxis allowDecimals={false} />
              {/* Recharts colours tooltip names like their bars; text stays in the text colour for
                  contrast (the swatch in the legend carries the colour). */}
              <Tooltip
                isAnimationActive={animate}
                itemStyle={{ color: 'var(--text)' }}
                contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)' }}
                labelStyle={{ color: 'var(--text)' }}
              />
              <Legend />
              {outcomes.map((outcome) => (
                <Bar
                  key={outcome}
                  dataKey={outcome}
                  name={OUTCOME_LABELS[outcome]}
                  stackId="outcomes"
                  fill={OUTCOME_COLORS[outcome]}
                  isAnimationActive={animate}
                />
              ))}
            </BarChart>
          </figure>
          <details className="chart-table">
            <summary>Show these numbers as a table</summary>
            <table className="table">
              <caption className="visually-hidden">Check-ins per day by outcome</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  {outcomes.map((outcome) => (
                    <th key={outcome} scope="col">
                      {OUTCOME_LABELS[outcome]}
                    </th>
                  ))}
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {activeDays.map((day) => (
                  <tr key={day.date}>
                    <th scope="row">{shortDay(day.date)}</th>
                    {outcomes.map((outcome) => (
                      <td key={outcome}>{day[outcome]}</td>
                    ))}
                    <td>{dayTotal(day)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
