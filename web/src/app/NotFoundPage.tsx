import { Link, useLocation } from 'react-router';
import { EmptyState } from '../components/states/EmptyState';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <div className="page">
      <EmptyState title="No such page">
        <p className="mono">{location.pathname}</p>
        <p>
          Go to <Link to="/experiments">experiments</Link> or <Link to="/models">models</Link>.
        </p>
      </EmptyState>
    </div>
  );
}
