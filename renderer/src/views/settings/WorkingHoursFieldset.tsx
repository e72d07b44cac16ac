// Working hours per weekday: Keel only checks in inside them.
import {
  WEEKDAYS,
  type DayHours,
  type Weekday,
  type WorkingHours,
} from '../../../../shared/settings';

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export function WorkingHoursFieldset(props: {
  value: WorkingHours;
  onChange: (next: WorkingHours) => void;
}) {
  const update = (day: Weekday, patch: Partial<DayHours>) =>
    props.onChange({ ...props.value, [day]: { ...props.value[day], ...patch } });

  return (
    <fieldset className="fieldset">
      <legend className="field__label">Working hours</legend>
      <p className="field__hint">
        Keel only checks in on the days and between the times ticked here.
      </p>
      <div className="hours">
        {WEEKDAYS.map((day) => {
          const hours = props.value[day];
          return (
            <div key={day} className="hours__row">
              <label className="check">
                <input
                  type="checkbox"
                  checked={hours.enabled}
                  onChange={(event) => update(day, { enabled: event.target.checked })}
                />
                <span>{DAY_NAMES[day]}</span>
              </label>
              <label className="hours__time">
                <span className="visually-hidden">{DAY_NAMES[day]} from</span>
                <input
                  type="time"
                  className="field__input field__input--inline"
                  value={hours.start}
                  disabled={!hours.enabled}
                  onChange={(event) => update(day, { start: event.target.value })}
                />
              </label>
              <span aria-hidden="true">–</span>
              <label className="hours__time">
                <span className="visually-hidden">{DAY_NAMES[day]} until</span>
                <input
                  type="time"
                  className="field__input field__input--inline"
                  value={hours.end}
                  disabled={!hours.enabled}
                  onChange={(event) => update(day, { end: event.target.value })}
                />
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
