/**
 * Adds the runs table's saved views and value counts to the repository chain (grants sit on top).
 */
import type { RunGroupRepository, RunValueCounts, RunValueCountsQuery } from '../core/ports/run-group-repository.js';
import type { SavedView, SavedViewRepository, SavedViewUpdate } from '../core/ports/saved-view-repository.js';
import { countRunsByValue } from './run-group-queries.js';
import * as views from './saved-view-queries.js';
import { SqlLineageRepository } from './sql-lineage-repository.js';

export class SqlSavedViewRepository extends SqlLineageRepository implements SavedViewRepository, RunGroupRepository {
  listSavedViews(experimentId: string): Promise<SavedView[]> {
    return views.listSavedViews(this.db, experimentId);
  }
  countSavedViews(experimentId: string): Promise<number> {
    return views.countSavedViews(this.db, experimentId);
  }
  findSavedView(viewId: string): Promise<SavedView | undefined> {
    return views.findSavedView(this.db, viewId);
  }
  findSavedViewByName(experimentId: string, name: string): Promise<SavedView | undefined> {
    return views.findSavedViewByName(this.db, experimentId, name);
  }
  insertSavedView(view: SavedView): Promise<void> {
    return views.insertSavedView(this.db, this.quirks, view);
  }
  updateSavedView(viewId: string, update: SavedViewUpdate): Promise<void> {
    return views.updateSavedView(this.db, this.quirks, viewId, update);
  }
  deleteSavedView(viewId: string): Promise<boolean> {
    return views.deleteSavedView(this.db, viewId);
  }
  countRunsByValue(query: RunValueCountsQuery): Promise<RunValueCounts> {
    return countRunsByValue(this.db, query);
  }
}
