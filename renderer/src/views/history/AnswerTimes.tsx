// "When I answer": per hour of the day, how many check-ins opened and how many got a reply — the
// evidence timing that learns uses. A table, readable by everyone, with a bar for the share.
import type { HistoryView } from '../../../../shared/settings';

function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

export function AnswerTimes(props: { rows: HistoryView['answerTimes'] }) {
  return (
    <section className="section" aria-labelledby="answer-times-heading">
      <h2 id="answer-times-heading" className="section__title">
        When I answer
      </h2>
      {props.rows.length === 0 ? (
        <p className="muted">Once you have had a few check-ins, this shows when you answer them.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Check-ins answered, by hour of the day</caption>
          <thead>
            <tr>
              <th scope="col">Hour</th>
              <th scope="col">Answered</th>
              <th scope="col">Usual reply time</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => {
              const share = row.opened ? row.answered / row.opened : 0;
              return (
                <tr key={row.hour}>
                  <th scope="row">{hourLabel(row.hour)}</th>
                  <td>
                    <span className="rate">
                      <span className="rate__value">
                        {row.answered} of {row.opened}
                      </span>
                      <meter
                        className="rate__meter"
                        min={0}
                        max={1}
                        value={share}
                        aria-hidden="true"
                      />
                    </span>
                  </td>
                  <td>
                    {row.medianLatencySeconds === null
                      ? '—'
                      : row.medianLatencySeconds < 60
                        ? 'under a minute'
                        : `${Math.round(row.medianLatencySeconds / 60)} min`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
