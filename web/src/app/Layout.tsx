import { NavLink, Outlet, Link } from 'react-router';
import { SignedInUser } from '../features/auth/components/SignedInUser';

export function Layout() {
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/experiments" className="brand">
          <img src="/favicon.svg" width={16} height={16} alt="" />
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
