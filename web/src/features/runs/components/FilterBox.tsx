import { useEffect, useState, type FormEvent } from 'react';
import { describeError } from '../../../components/states/ErrorState';
import { isStrataApiError } from '../../../lib/strata';

const EXAMPLE = "metrics.acc > 0.9 AND (params.model = 'resnet' OR tags.team IN ('vision'))";

/** The 1-based position the server's filter error points at (`… at position 14`), if it says one. */
export function errorPosition(message: string): number | undefined {
  const match = /at position (\d+)\s*$/.exec(message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * The run filter in the server's full search language. Applied on Enter; a server error is
 * shown under the text with a caret at the position the server names.
 */
export function FilterBox({ value, onApply, error }: { value: string; onApply: (filter: string) => void; error: unknown }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(text.trim());
  };
  const filterError = isStrataApiError(error) && error.status === 400 ? error : undefined;
  const position = filterError ? errorPosition(filterError.message) : undefined;
  return (
    <form onSubmit={submit} className="filter-box" role="search">
      <div className="filter-row">
        <input
          className={`mono filter-input${filterError ? ' invalid' : ''}`}
          aria-label="Filter runs"
          aria-invalid={filterError !== undefined}
          aria-describedby={filterError ? 'filter-error' : undefined}
          placeholder={EXAMPLE}
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
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
