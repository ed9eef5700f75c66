/** Storage of the runs table's saved views (one row per named view of an experiment). */

export interface SavedView {
  viewId: string;
  experimentId: string;
  name: string;
  /** The dashboard's URL query; opaque to the server. */
  state: string;
  createdBy: string;
  createdTime: number;
  lastUpdateTime: number;
}

export interface SavedViewUpdate {
  name?: string;
  state?: string;
  lastUpdateTime: number;
}

export interface SavedViewRepository {
  /** Every view of the experiment, ordered by name. */
  listSavedViews(experimentId: string): Promise<SavedView[]>;
  countSavedViews(experimentId: string): Promise<number>;
  findSavedView(viewId: string): Promise<SavedView | undefined>;
  findSavedViewByName(experimentId: string, name: string): Promise<SavedView | undefined>;
  /** Throws RESOURCE_ALREADY_EXISTS when the experiment has a view of that name. */
  insertSavedView(view: SavedView): Promise<void>;
  /** Throws RESOURCE_ALREADY_EXISTS when renamed onto another view's name. */
  updateSavedView(viewId: string, update: SavedViewUpdate): Promise<void>;
  /** False when there was no such view. */
  deleteSavedView(viewId: string): Promise<boolean>;
}
