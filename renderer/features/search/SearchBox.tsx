// The search field: results as you type (debounced in the slice), syntax errors inline with a caret
// under the column they point at.
import { forwardRef } from 'react';
import { useStore } from '../../state/store.ts';

export const SearchBox = forwardRef<HTMLInputElement>(function SearchBox(_props, ref) {
  const query = useStore((s) => s.search.query);
  const error = useStore((s) => s.search.error);
  const pending = useStore((s) => s.search.pending);
  const count = useStore((s) => s.search.results?.length ?? null);

  return (
    <div className="search" role="search">
      <input
        ref={ref}
        className={`search-input${error ? ' search-invalid' : ''}`}
        type="search"
        placeholder="Search everything   from:ana subject:invoice is:unread"
        aria-label="Search all sources (press / to focus)"
        aria-invalid={error !== null}
        aria-describedby={error ? 'search-error' : undefined}
        spellCheck={false}
        autoComplete="off"
        value={query}
        onChange={(e) => useStore.getState().setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            if (query) useStore.getState().clearSearch();
            e.currentTarget.blur();
            e.preventDefault();
          } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
            // Into the results, keyboard first.
            e.currentTarget.blur();
            e.preventDefault();
          }
        }}
      />
      <div className="search-status" aria-live="polite">
        {error ? (
          <span id="search-error" className="search-error">
            {error.column !== null ? `Column ${error.column}: ` : ''}
            {error.message}
          </span>
        ) : pending ? (
          <span className="search-pending">Searching…</span>
        ) : count !== null ? (
          <span>{count === 200 ? '200+ results' : `${count} result${count === 1 ? '' : 's'}`}</span>
        ) : null}
      </div>
    </div>
  );
});
