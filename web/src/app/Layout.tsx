import { NavLink, Outlet, Link } from 'react-router';
import { SignedInUser } from '../features/auth/components/SignedInUser';

export function Layout() {
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/experiments" className="brand">
          <Logo />
          Strata
        </Link>
        <nav className="topnav" aria-label="Main">
          <NavLink to="/experiments">Experiments</NavLink>
          <NavLink to="/models">Models</NavLink>
        </nav>
        <SignedInUser />
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}

/** The page icon's drawing (index.html holds the same as a data: URL), inline: no request of its own, nothing holds up the load event. */
function Logo() {
  return (
    <svg width={16} height={16} viewBox="0 0 16 16" aria-hidden="true">
      <rect width="16" height="16" rx="3" fill="#2f6fdb" />
      <path d="M3 11h10M3 8h7M3 5h4" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
