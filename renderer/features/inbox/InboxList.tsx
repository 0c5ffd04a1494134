// The unified inbox (or the search results while a query is active), virtualized: only the rows on
// screen exist in the DOM, so 100,000 items scroll like 100.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef } from 'react';
import { ItemRow, ROW_HEIGHT, rowId } from '../../components/ItemRow.tsx';
import { visibleItems } from '../../state/selection-slice.ts';
import { useStore } from '../../state/store.ts';

export function InboxList() {
  const items = useStore(visibleItems);
  const index = useStore((s) => s.selection.index);
  const openId = useStore((s) => s.selection.openId);
  const searching = useStore((s) => s.search.results !== null);
  const loaded = useStore((s) => s.inbox.loaded);
  const error = useStore((s) => s.inbox.error);
  const hasMore = useStore((s) => s.inbox.nextOffset !== null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (items.length > 0) virtualizer.scrollToIndex(Math.min(index, items.length - 1), { align: 'auto' });
  }, [index, items.length, virtualizer]);

  // Scrolling near the end loads the next page.
  const virtualRows = virtualizer.getVirtualItems();
  const lastShown = virtualRows[virtualRows.length - 1]?.index ?? 0;
  useEffect(() => {
    if (!searching && hasMore && lastShown >= items.length - 20) void useStore.getState().loadMoreInbox();
  }, [lastShown, items.length, hasMore, searching]);

  const onPick = useCallback((id: number) => {
    const store = useStore.getState();
    const at = visibleItems(store).findIndex((it) => it.id === id);
    if (at >= 0) store.select(at);
    void store.open(id);
  }, []);

  const selected = items[index];
  return (
    <section className="list-pane" aria-label={searching ? 'Search results' : 'Inbox'}>
      <div
        ref={scrollRef}
        className="list-scroll"
        role="listbox"
        tabIndex={0}
        aria-label={searching ? 'Search results' : 'Unified inbox'}
        aria-activedescendant={selected ? rowId(selected.id) : undefined}
      >
        {items.length === 0 ? (
          <div className="list-empty">{!loaded ? 'Loading…' : error ? `Could not load the inbox: ${error}` : searching ? 'No matches.' : 'Nothing here.'}</div>
        ) : (
          <div className="list-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualRows.map((row) => {
              const item = items[row.index];
              if (!item) return null;
              return (
                <div key={item.id} className="list-slot" style={{ transform: `translateY(${row.start}px)` }}>
                  <ItemRow item={item} selected={row.index === index} open={item.id === openId} onPick={onPick} />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
