import type { ReactNode } from 'react';

/** An empty result that says which case it is (nothing logged yet vs. nothing matches) and what to do. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state" data-testid="empty-state">
      <h3>{title}</h3>
      {children}
    </div>
  );
}
