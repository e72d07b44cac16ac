// The small navigation between the main views. aria-current marks where you are.
import type { ViewName } from '../hooks/useHashView';

const ITEMS: Array<{ view: ViewName; label: string }> = [
  { view: 'checkin', label: 'Check-in' },
  { view: 'history', label: 'History' },
  { view: 'settings', label: 'Settings' },
];

export function Nav({
  current,
  onNavigate,
}: {
  current: ViewName;
  onNavigate: (view: ViewName) => void;
}) {
  return (
    <nav className="nav" aria-label="Keel">
      <ul className="nav__list">
        {ITEMS.map((item) => (
          <li key={item.view}>
            <a
              className="nav__link"
              href={`#/${item.view}`}
              aria-current={current === item.view ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                onNavigate(item.view);
              }}
            >
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
