// Which strategies work for me: tries and successes per coaching strategy, best first.
import type { HistoryView } from '../../../../shared/settings';
import { percent } from '../../format/time';

export function StrategyTable({ strategies }: { strategies: HistoryView['strategies'] }) {
  const rows = [...strategies].sort(
    (a, b) =>
      b.successes / Math.max(1, b.tries) - a.successes / Math.max(1, a.tries) || b.tries - a.tries,
  );
  return (
    <section className="section" aria-labelledby="strategies-heading">
      <h2 id="strategies-heading" className="section__title">
        What works for me
      </h2>
      {rows.length === 0 ? (
        <p className="muted">No strategies tried yet.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">
            Coaching strategies with tries and successes
          </caption>
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col">Tries</th>
              <th scope="col">Worked</th>
              <th scope="col">Rate</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.strategy}>
                <th scope="row">{row.label}</th>
                <td>{row.tries}</td>
                <td>{row.successes}</td>
                <td>
                  <span className="rate">
                    <span className="rate__value">
                      {percent(row.successes / Math.max(1, row.tries))}
                    </span>
                    <meter
                      className="rate__meter"
                      min={0}
                      max={Math.max(1, row.tries)}
                      value={row.successes}
                      aria-hidden="true"
                    />
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
