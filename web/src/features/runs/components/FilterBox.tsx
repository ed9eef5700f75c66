import { useEffect, useState, type FormEvent } from 'react';
import { describeError } from '../../../components/states/ErrorState';
import { isStrataApiError } from '../../../lib/strata';
import type { AvailableKey } from '../state/availableKeys';
import { FilterEditor } from './FilterEditor';

/** The 1-based position the server's filter error points at (`… at position 14`), if it says one. */
export function errorPosition(message: string): number | undefined {
  const match = /at position (\d+)\s*$/.exec(message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

interface FilterBoxProps {
  value: string;
  onApply: (filter: string) => void;
  error: unknown;
  /** The experiment's keys with run counts, for autocomplete. */
  keys: readonly AvailableKey[];
  /** Characters the page put before the user's filter in the request (grouping clauses): error positions shift by it. */
  errorShift?: number;
}

/**
 * The run filter in the server's full search language, highlighted and autocompleted as it is
 * typed. Applied on Enter; a server error is shown under the text with a caret at the position
 * the server names, and the token there is marked in the text while it is unchanged.
 */
export function FilterBox({ value, onApply, error, keys, errorShift = 0 }: FilterBoxProps) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(text.trim());
  };
  const filterError = isStrataApiError(error) && error.status === 400 ? error : undefined;
  const serverPosition = filterError ? errorPosition(filterError.message) : undefined;
  const position = serverPosition === undefined ? undefined : Math.max(1, serverPosition - errorShift);
  return (
    <form onSubmit={submit} className="filter-box" role="search">
      <div className="filter-row">
        <FilterEditor
          text={text}
          onText={setText}
          keys={keys}
          invalid={filterError !== undefined}
          errorAt={text === value && position !== undefined ? position - 1 : undefined}
          describedBy={filterError ? 'filter-error' : undefined}
        />
        <button type="submit">Apply</button>
        {value !== '' && (
          <button type="button" onClick={() => onApply('')}>
            Clear
          </button>
        )}
      </div>
      {filterError && (
        <div id="filter-error" className="filter-error" role="alert" data-testid="filter-error">
          {position !== undefined && position <= value.length + 1 && (
            <pre className="filter-caret" aria-hidden>
              {value}
              {'\n'}
              {' '.repeat(Math.max(0, position - 1))}^
            </pre>
          )}
          <div>{describeError(filterError)}</div>
        </div>
      )}
    </form>
  );
}
