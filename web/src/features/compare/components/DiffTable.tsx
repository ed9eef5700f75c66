import { EmptyState } from '../../../components/states/EmptyState';
import type { CompareSectionProps } from '../state/compareRun';

// Placeholder until this section lands (compare page under construction on this branch).
export function DiffTable({ visible }: CompareSectionProps) {
  return <EmptyState title="Not built yet">{visible.length} runs</EmptyState>;
}
